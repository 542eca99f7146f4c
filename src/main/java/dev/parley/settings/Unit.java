package dev.parley.settings;

/**
 * What a setting's value counts or names: its label in {@code --help} and the README ({@code --rate PER_SECOND}),
 * and how {@link Settings} reads it.
 */
public enum Unit {
    BYTES("BYTES", Kind.WHOLE),
    COUNT("N", Kind.WHOLE),
    PER_SECOND("PER_SECOND", Kind.DECIMAL),
    MILLIS("MILLIS", Kind.WHOLE),
    PORT("PORT", Kind.WHOLE),
    HOST("HOST", Kind.TEXT),
    SECRET("SECRET", Kind.TEXT),
    KEY("KEY", Kind.TEXT),
    FILE("FILE", Kind.TEXT),
    /** A URI such as {@code redis://host:6379/0}; its scheme and form are checked by whoever reads it. */
    URI("URI", Kind.TEXT),
    /** {@code on} or {@code off}. */
    SWITCH("SWITCH", Kind.TEXT),
    /** Comma-separated {@code scheme://host[:port]} origins. */
    ORIGINS("ORIGIN", Kind.LIST),
    /** Comma-separated fully qualified class names; whoever reads them loads them. */
    CLASS("CLASS", Kind.LIST);

    /** How a raw value is read. */
    enum Kind { WHOLE, DECIMAL, TEXT, LIST }

    private final String label;
    private final Kind kind;

    Unit(String label, Kind kind) {
        this.label = label;
        this.kind = kind;
    }

    /** The value's placeholder in {@code --help} and the docs. */
    public String label() {
        return label;
    }

    /** Whether the value is a list (comma-separated; an option that may be given more than once). */
    public boolean isList() {
        return kind == Kind.LIST;
    }

    Kind kind() {
        return kind;
    }
}

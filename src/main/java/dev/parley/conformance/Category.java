package dev.parley.conformance;

/** The groups of conformance cases, numbered like Autobahn|Testsuite's. */
public enum Category {
    FRAMING(1, "Framing"),
    PINGS(2, "Pings and pongs"),
    RESERVED_BITS(3, "Reserved bits"),
    OPCODES(4, "Opcodes"),
    FRAGMENTATION(5, "Fragmentation"),
    UTF8(6, "UTF-8"),
    CLOSE(7, "Close handling"),
    LIMITS(9, "Limits"),
    MISC(10, "Miscellaneous");

    private final int number;
    private final String title;

    Category(int number, String title) {
        this.number = number;
        this.title = title;
    }

    public int number() {
        return number;
    }

    public String title() {
        return title;
    }
}

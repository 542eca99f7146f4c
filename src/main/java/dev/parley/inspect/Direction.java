package dev.parley.inspect;

/** Which way bytes go through the proxy. */
public enum Direction {
    CLIENT_TO_SERVER("c>s"),
    SERVER_TO_CLIENT("s>c");

    private final String arrow;

    Direction(String arrow) {
        this.arrow = arrow;
    }

    /** {@code c>s} or {@code s>c}, as printed. */
    public String arrow() {
        return arrow;
    }
}

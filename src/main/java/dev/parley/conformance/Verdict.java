package dev.parley.conformance;

/** How a server did on one case. */
public enum Verdict {
    /** Exactly what RFC 6455 asks for. */
    PASS("PASS"),
    /**
     * The connection was failed as it must be, but not quite as asked: another close code, no close frame, or the TCP
     * connection left open after the close.
     */
    NON_STRICT("NON-STRICT"),
    /** The violation was accepted, echoed or ignored, a valid exchange went wrong, or the server sent a bad frame. */
    FAIL("FAIL"),
    /** Not run: the case needs something not given (the server's message cap). */
    SKIPPED("SKIPPED"),
    /** The case could not be run: no connection, or the opening handshake failed. */
    ERROR("ERROR");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** As shown in tables and JSON, e.g. {@code NON-STRICT}. */
    public String label() {
        return label;
    }
}

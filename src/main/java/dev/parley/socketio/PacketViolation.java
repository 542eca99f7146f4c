package dev.parley.socketio;

/**
 * A client's packet broke the Socket.IO v5 packet format or a rule of the protocol: the one exception of the codec
 * and the protocol core. {@link #CLOSE_REASON} is what the connection is closed with, in one place
 * ({@link ClientConnection}), as the reference server closes on a parser error.
 *
 * <p>It is an expected outcome of untrusted input, not a bug, so it records no stack trace.
 */
public final class PacketViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The Engine.IO close reason for every violation. */
    public static final String CLOSE_REASON = "parse error";

    public PacketViolation(String reason) {
        super(reason, null, false, false);
    }

    /** The short explanation, for the log. */
    public String reason() {
        return getMessage();
    }
}

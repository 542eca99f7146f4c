package dev.parley.wire;

/**
 * The opening handshake (RFC 6455 §4) failed: the HTTP head is malformed or is not a valid WebSocket upgrade. There is
 * no WebSocket connection yet, so there is no close code: a server answers with {@link Handshake#accept}'s error
 * response, a client closes the TCP connection.
 */
public final class HandshakeRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HandshakeRejected(String reason) {
        super(reason, null, false, false);
    }

    /** What was wrong, e.g. {@code "Sec-WebSocket-Version is 8, not 13"}. */
    public String reason() {
        return getMessage();
    }
}

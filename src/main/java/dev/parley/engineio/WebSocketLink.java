package dev.parley.engineio;

/** A WebSocket as an Engine.IO session uses it: one packet per frame, never blocking. */
public interface WebSocketLink {
    /**
     * Queues {@code packet}: a text frame of its encoding, or a binary frame of a binary message's bytes. False if
     * the socket is closed or its bounded queue refused it.
     */
    boolean send(Packet packet);

    /** Closes the WebSocket with {@code code} (1000 normal, 1008 policy, 1009 too big). */
    void close(int code, String reason);
}

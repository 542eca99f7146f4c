package dev.parley.engineio;

import dev.parley.session.OutboundMessage;

/** A WebSocket as an Engine.IO session uses it: one packet per frame, never blocking. */
public interface WebSocketLink {
    /**
     * Queues {@code packet}: a text frame of its encoding, or a binary frame of a binary message's bytes. False if
     * the socket is closed or its bounded queue refused it.
     */
    boolean send(Packet packet);

    /**
     * The same for a packet of an {@link EngineMessage} that many sessions send: {@code frame} is the message that
     * carries it, made once and shared by all of them. By default, {@code packet} is sent as {@link #send(Packet)}
     * would.
     */
    default boolean send(Packet packet, OutboundMessage frame) {
        return send(packet);
    }

    /** Closes the WebSocket with {@code code} (1000 normal, 1008 policy, 1009 too big). */
    void close(int code, String reason);
}

package dev.parley.engineio;

import java.util.List;

import dev.parley.session.MemoryBudget;

/** One Engine.IO connection as the layer above sees it, whatever its transport is now. Thread-safe. */
public interface EngineSocket {
    /**
     * The close reason of a connection that found one of the server's memory budgets spent: its polling buffer's
     * growth did not fit the outbound budget, or what the layer above keeps of its messages the inbound one. Over
     * WebSocket it closes with 1013 (try again later).
     */
    String SERVER_BUSY = "server busy";

    /** The Engine.IO sid. */
    String id();

    /** {@code polling} or {@code websocket} (changes on upgrade). */
    String transport();

    EngineRequest request();

    /**
     * Queues one message packet (text); false if the connection is closed or its bounded buffer refused it (then the
     * connection is closed with reason "transport buffer full"). Never blocks.
     */
    boolean send(String text);

    /** The same, binary message (WebSocket: a binary frame; polling: {@code b} + base64). */
    boolean send(byte[] data);

    /**
     * Several packets that must go out together, in order (one Socket.IO binary event = text + its attachments):
     * all or none. Each element is a {@code String} or a {@code byte[]}.
     */
    boolean send(List<Object> textsAndByteArrays);

    /**
     * The same for packets made once for many connections (a room broadcast): polling buffers the message's own
     * packets, WebSocket queues its shared frames ({@link EngineMessage}). Bounds and budgets are charged per
     * connection, as for the other sends. By default, its {@link EngineMessage#items()} as {@link #send(List)}.
     */
    default boolean send(EngineMessage message) {
        return send(message.items());
    }

    /** Server-side close ("forced close" / "server shutting down"). */
    void close(String reason);

    boolean isOpen();

    /**
     * This connection's part of the server's inbound memory budget, for what the layer above keeps of its messages
     * until a packet is whole (Socket.IO: a binary packet's attachments). Given back when the connection closes.
     */
    MemoryBudget.Share inbound();

    /**
     * The layer above could not keep {@code bytes} more: {@link #inbound()} refused them. Reported (one log line,
     * counted) and the connection closed with {@link #SERVER_BUSY}.
     */
    void inboundRefused(long bytes);
}

package dev.parley.engineio;

import java.util.List;

/** One Engine.IO connection as the layer above sees it, whatever its transport is now. Thread-safe. */
public interface EngineSocket {
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

    /** Server-side close ("forced close" / "server shutting down"). */
    void close(String reason);

    boolean isOpen();
}

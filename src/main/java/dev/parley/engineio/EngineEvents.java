package dev.parley.engineio;

import dev.parley.session.MemoryBudget;

/**
 * What an {@link EngineServer} and its sessions report as they go: opens, upgrades, answered polls and POSTs, closes,
 * refusals ({@link EngineMetrics} logs and counts them). Called on any thread, sometimes under a session's lock:
 * implementations return at once.
 */
public interface EngineEvents {
    /** Reports nothing (sessions made by hand, in tests). */
    EngineEvents NONE = new EngineEvents() {
    };

    /** A session opened by a handshake over {@code socket.transport()}. */
    default void opened(EngineSocket socket) {
    }

    /** A polling session's WebSocket sent {@code 5}: it is now the transport. */
    default void upgraded(EngineSocket socket) {
    }

    /** A polling GET answered with packets. */
    default void polled() {
    }

    /** A polling POST answered {@code ok}. */
    default void posted() {
    }

    /** A session closed, over {@code transport}, for {@code reason} (the reference server's words). Once a session. */
    default void closed(EngineSocket socket, String transport, String reason) {
    }

    /**
     * A session found {@code budget} without room for {@code bytes} more (its polling buffer: the outbound budget;
     * what its handler keeps: the inbound one); it closes with {@link EngineSocket#SERVER_BUSY} next.
     */
    default void overBudget(EngineSocket socket, MemoryBudget budget, long bytes) {
    }

    /**
     * A request refused with {@code error}; {@code address} the client's (null if unknown), {@code detail} why in
     * words (null: the error's message).
     */
    default void refused(EngineError error, String address, String detail) {
    }
}

package dev.parley.broadcast;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.websocket.Session;

import dev.parley.session.OutboundMessage;
import dev.parley.session.OutboundQueue;
import dev.parley.session.Sessions;

/**
 * The sessions open on one server's {@code /broadcast}, each with the {@link OutboundQueue} its {@link Sessions} gave
 * it: what a broadcast goes to. Kept here rather than asked of the container per message: Tyrus's
 * {@code getOpenSessions()} builds a new set of every session on the path for each call, and each receiver's queue
 * would then be looked up in {@link Sessions} again. Thread-safe; a broadcast sees a session that joins or leaves
 * while it runs or not, never twice.
 */
final class Subscribers {
    private final Map<Session, OutboundQueue> queues = new ConcurrentHashMap<>();

    /** The session has opened on {@code /broadcast}: it gets every broadcast from now on until {@link #leave}. */
    void join(Session session, OutboundQueue queue) {
        queues.put(session, queue);
        if (!session.isOpen()) {
            // Closed meanwhile: its close may already have called leave, so nobody else would remove this entry.
            queues.remove(session);
        }
    }

    /** The session has closed. */
    void leave(Session session) {
        queues.remove(session);
    }

    /**
     * Hands {@code message} to every subscriber's queue. A queue that refuses it (closed, or just closed for
     * overflowing) loses only its own copy.
     */
    void send(OutboundMessage message) {
        for (OutboundQueue queue : queues.values()) {
            queue.send(message);
        }
    }

    /** How many sessions are subscribed now. */
    int size() {
        return queues.size();
    }
}

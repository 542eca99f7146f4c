package dev.parley.session;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;

/**
 * Where one session's outbound messages are written, one at a time, by its {@link OutboundQueue}. Declared here, where
 * the queue uses it, so the queue knows no container: the portable sink is JSR 356's {@code getAsyncRemote()}
 * ({@link #async}); the embedded server plugs in one that writes the frame an {@link OutboundMessage} encodes once
 * straight to Tyrus's socket ({@code dev.parley.server.TyrusFrames}).
 */
@FunctionalInterface
public interface FrameSink {
    /**
     * Writes {@code message}; {@code handler} hears the result once, possibly before this returns. May throw if the
     * session is no longer open (the queue treats that as a failed send).
     */
    void send(OutboundMessage message, SendHandler handler);

    /**
     * The session has closed ({@link OutboundQueue}'s {@code closed}): a sink that holds resources of its own (a
     * deflater) frees them. Called once, possibly while a send's write is still in flight.
     */
    default void closed() {
    }

    /** Makes the sink of each session a {@link Sessions} registry opens. */
    @FunctionalInterface
    interface Factory {
        FrameSink of(Session session);
    }

    /** The JSR 356 sink: text and binary through the session's {@code getAsyncRemote()}; works in every container. */
    static FrameSink async(Session session) {
        RemoteEndpoint.Async remote = session.getAsyncRemote();
        return (message, handler) -> {
            if (message.text() != null) {
                remote.sendText(message.text(), handler);
            } else {
                remote.sendBinary(message.binary(), handler);
            }
        };
    }
}

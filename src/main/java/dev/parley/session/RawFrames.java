package dev.parley.session;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import org.glassfish.tyrus.core.TyrusRemoteEndpoint;
import org.glassfish.tyrus.core.TyrusWebSocket;

/**
 * Writes an already encoded frame to a Tyrus session through {@link TyrusWebSocket#sendRawFrame} (what Tyrus's own
 * {@code TyrusSession.broadcast} uses), skipping Tyrus's per-send encoding: a {@code TextFrame} with a new UTF-8
 * encoder, a frame array and a copy for each receiver. Tyrus's lock, its state checks and its Grizzly writer stay in
 * the path. Tyrus exposes a session's {@code TyrusWebSocket} only to its own package, so it is read from the remote
 * endpoint's field once per session; if that ever fails (another Tyrus, another container) the session is sent to
 * through the ordinary JSR 356 API instead.
 *
 * <p>Loaded only when {@link Sessions} uses raw frames (the embedded server), so the WAR never needs Tyrus's core
 * classes to be visible.
 */
final class RawFrames {
    private static final Logger LOG = Logger.getLogger(RawFrames.class.getName());
    private static final VarHandle WEB_SOCKET = webSocketField();

    /** Where a session's frames go. */
    interface Sink {
        /** Writes {@code frame} as it is; {@code handler} hears the result once, possibly before this returns. */
        void send(byte[] frame, SendHandler handler);
    }

    private RawFrames() {
    }

    /** Whether this Tyrus's sockets can be reached at all (checked by a test, so an upgrade cannot lose it silently). */
    static boolean available() {
        return WEB_SOCKET != null;
    }

    /** A sink for the session's frames, or null if this is not a Tyrus session we can reach. */
    static Sink of(Session session) {
        if (WEB_SOCKET == null || !(session.getAsyncRemote() instanceof TyrusRemoteEndpoint remote)) {
            return null;
        }
        TyrusWebSocket socket = (TyrusWebSocket) WEB_SOCKET.get(remote);
        return socket == null ? null : (frame, handler) -> send(socket, frame, handler);
    }

    private static void send(TyrusWebSocket socket, byte[] frame, SendHandler handler) {
        Future<?> written = socket.sendRawFrame(ByteBuffer.wrap(frame)); // throws if the socket is no longer open
        if (!(written instanceof CompletionStage<?> stage)) {
            throw new IllegalStateException("Tyrus returned a " + written.getClass().getName() + ", not a stage");
        }
        stage.whenComplete((done, failure) -> handler.onResult(failure == null ? new SendResult()
                : new SendResult(failure)));
    }

    private static VarHandle webSocketField() {
        try {
            return MethodHandles.privateLookupIn(TyrusRemoteEndpoint.class, MethodHandles.lookup())
                    .findVarHandle(TyrusRemoteEndpoint.class, "webSocket", TyrusWebSocket.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "Tyrus's raw frame path is not reachable; sending through the JSR 356 API", e);
            return null;
        }
    }
}

package dev.parley.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import org.glassfish.tyrus.core.TyrusRemoteEndpoint;
import org.glassfish.tyrus.core.TyrusWebSocket;

import dev.parley.session.FrameSink;
import dev.parley.session.OutboundDeflate;
import dev.parley.session.OutboundMessage;
import dev.parley.wire.DeflateParameters;

/**
 * The embedded server's {@link FrameSink} ({@link Tuning#frames()}): writes the frame an {@link OutboundMessage}
 * encoded once through {@link TyrusWebSocket#sendRawFrame} (what Tyrus's own {@code TyrusSession.broadcast} uses),
 * skipping Tyrus's per-send encoding: a {@code TextFrame} with a new UTF-8 encoder, a frame array and a copy for each
 * receiver. Tyrus's lock, its state checks and its Grizzly writer stay in the path. Tyrus exposes a session's
 * {@code TyrusWebSocket} only to its own package, so it is read from the remote endpoint's private field once per
 * session; if that ever fails (another Tyrus) the session gets the JSR 356 sink ({@link FrameSink#async}) instead.
 *
 * <p>permessage-deflate: which frame a session gets ({@link OutboundMessage#frame()}, the shared compressed one, or
 * its own compressed one) is {@link OutboundDeflate}'s choice from the session's negotiated parameters
 * ({@link Deflation#of}). The frames go out as given: Tyrus's own extension machinery is not in this path. The JSR 356
 * sink never compresses.
 */
final class TyrusFrames {
    private static final Logger LOG = Logger.getLogger(TyrusFrames.class.getName());
    private static final VarHandle WEB_SOCKET = webSocketField();
    /** A successful send's result: it holds nothing but that, so every send shares one. */
    private static final SendResult OK = new SendResult();

    private TyrusFrames() {
    }

    /** Whether this Tyrus's sockets can be reached at all (a test checks, so an upgrade cannot lose it silently). */
    static boolean available() {
        return WEB_SOCKET != null;
    }

    /**
     * The sinks of a server whose outbound compression is {@code deflate} (its threshold and its bound on
     * context-takeover deflaters): one {@code OutboundDeflate} for all the server's sessions.
     */
    static FrameSink.Factory sinks(OutboundDeflate deflate) {
        return sinks(deflate, Deflation::of);
    }

    /** As {@link #sinks(OutboundDeflate)}, with each session's parameters read by {@code parameters}. */
    static FrameSink.Factory sinks(OutboundDeflate deflate,
            Function<Session, Optional<DeflateParameters>> parameters) {
        return session -> sink(session, deflate, parameters);
    }

    /** The raw-frame sink of a Tyrus session; the JSR 356 sink (uncompressed) if its socket cannot be reached. */
    private static FrameSink sink(Session session, OutboundDeflate deflate,
            Function<Session, Optional<DeflateParameters>> parameters) {
        if (WEB_SOCKET != null && session.getAsyncRemote() instanceof TyrusRemoteEndpoint remote
                && WEB_SOCKET.get(remote) instanceof TyrusWebSocket socket) {
            return deflate.sink((frame, handler) -> send(socket, frame, handler), parameters.apply(session));
        }
        return FrameSink.async(session);
    }

    /**
     * Writes {@code frame}. A write the socket took at once (the usual case: Grizzly writes straight to a socket with
     * room) is reported before this returns, without a callback registered on its future; one that waits in
     * Grizzly's queue is reported when it is done.
     */
    private static void send(TyrusWebSocket socket, byte[] frame, SendHandler handler) {
        Future<?> written = socket.sendRawFrame(ByteBuffer.wrap(frame)); // throws if the socket is no longer open
        if (!(written instanceof CompletionStage<?> stage)) {
            throw new IllegalStateException("Tyrus returned a " + written.getClass().getName() + ", not a stage");
        }
        if (written.isDone()) {
            handler.onResult(outcome(written));
            return;
        }
        stage.whenComplete((done, failure) -> handler.onResult(failure == null ? OK : new SendResult(failure)));
    }

    /** The result of a write whose future is done. */
    private static SendResult outcome(Future<?> done) {
        try {
            done.get();
            return OK;
        } catch (ExecutionException failed) {
            return new SendResult(failed.getCause() != null ? failed.getCause() : failed);
        } catch (CancellationException cancelled) {
            return new SendResult(cancelled);
        } catch (InterruptedException notWaitedFor) { // get() on a done future does not wait
            Thread.currentThread().interrupt();
            return new SendResult(notWaitedFor);
        }
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

package dev.parley.client;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.SslEngineConfigurator;

/**
 * A Tyrus client session that records what the server sends: every message in arrival order, and the close.
 * Waits are bounded; nothing here sleeps.
 */
public final class RecordingClient extends Endpoint implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(20);

    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private Session session;

    /**
     * Opens a session to {@code uri}.
     *
     * <p>Each session gets its own {@link ClientManager} (the Grizzly transport is still shared): a manager shuts
     * its executors down when its last session ends, and a session being opened on the same manager at that
     * moment can be left holding a dead scheduler (seen as RejectedExecutionException on send).
     */
    public static RecordingClient connect(URI uri) throws IOException, DeploymentException {
        return connect(uri, null);
    }

    /**
     * As {@link #connect(URI)}, for a {@code wss://} URI: TLS trusting what {@code trust} trusts (null: the JDK's
     * default trust store), with host verification on.
     */
    public static RecordingClient connect(URI uri, SSLContext trust) throws IOException, DeploymentException {
        return connect(uri, trust, List.of());
    }

    /** As {@link #connect(URI, SSLContext)}, offering {@code subprotocols} (e.g. a chat token). */
    public static RecordingClient connect(URI uri, SSLContext trust, List<String> subprotocols)
            throws IOException, DeploymentException {
        return connect(uri, trust, ClientEndpointConfig.Builder.create().preferredSubprotocols(subprotocols).build());
    }

    /** As {@link #connect(URI)}, offering {@code extensions} (e.g. Tyrus's permessage-deflate). */
    public static RecordingClient offering(URI uri, List<Extension> extensions)
            throws IOException, DeploymentException {
        return connect(uri, null, ClientEndpointConfig.Builder.create().extensions(extensions).build());
    }

    private static RecordingClient connect(URI uri, SSLContext trust, ClientEndpointConfig config)
            throws IOException, DeploymentException {
        ClientManager client = ClientManager.createClient();
        client.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
        client.getProperties().put(ClientProperties.INCOMING_BUFFER_SIZE, 8 << 20);
        if (trust != null) {
            client.getProperties().put(ClientProperties.SSL_ENGINE_CONFIGURATOR,
                    new SslEngineConfigurator(trust).setHostVerificationEnabled(true));
        }
        RecordingClient recorder = new RecordingClient();
        try {
            recorder.session = client.connectToServer(recorder, config, uri);
        } catch (DeploymentException failed) {
            throw new DeploymentException(uri.getPath() + ": " + failed.getMessage() + causes(failed), failed);
        }
        return recorder;
    }

    /** The messages of {@code failed}'s causes (Tyrus says "Handshake error." and puts the status in its cause). */
    private static String causes(Throwable failed) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failed.getCause(); cause != null && text.length() < 500; cause = cause.getCause()) {
            text.append(" <- ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        }
        return text.toString();
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        // As on the server: no idle timeout, so Tyrus schedules no timer task per message on this client either
        // (and a session closed by the server cannot leave a send racing a scheduler being shut down).
        session.setMaxIdleTimeout(-1);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) received::add);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) received::add);
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        closed.complete(reason);
    }

    @Override
    public void onError(Session session, Throwable error) {
        received.add(error);
    }

    public Session session() {
        return session;
    }

    public void send(String text) throws IOException {
        session.getBasicRemote().sendText(text);
    }

    public void send(ByteBuffer data) throws IOException {
        session.getBasicRemote().sendBinary(data);
    }

    /** The next message, waiting at most {@link #WAIT}; fails the test if none comes. */
    public Object next() throws InterruptedException {
        Object message = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(message, "no message within " + WAIT);
        return message;
    }

    public String nextText() throws InterruptedException {
        Object message = next();
        if (message instanceof String text) {
            return text;
        }
        throw new AssertionError("expected a text message, got " + message);
    }

    public ByteBuffer nextBinary() throws InterruptedException {
        Object message = next();
        if (message instanceof ByteBuffer data) {
            return data;
        }
        throw new AssertionError("expected a binary message, got " + message);
    }

    /** A send that may be cut short. */
    @FunctionalInterface
    public interface Send {
        void run() throws IOException;
    }

    /**
     * Runs {@code send}, which the server is expected to refuse, and returns the close it answers with.
     *
     * <p>Parley refuses an oversize message from its frame header, so the close can arrive while the Tyrus client
     * is still writing the rest: the send then fails (IOException, or RejectedExecutionException when the
     * session's closing has stopped the client's scheduler). That failure is the expected outcome here, not an
     * error; the close code is what the caller asserts.
     */
    public CloseReason awaitCloseAfter(Send send) throws Exception {
        try {
            send.run();
        } catch (IOException | RejectedExecutionException | IllegalStateException cutShort) {
            if (!closed.isDone() && session.isOpen()) {
                throw cutShort; // the session is still open: a real failure
            }
        }
        return awaitClose();
    }

    /** The close the server sent (or 1006 if the connection dropped), waiting at most {@link #WAIT}. */
    public CloseReason awaitClose() throws Exception {
        return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Messages received and not yet taken. */
    public int pending() {
        return received.size();
    }

    @Override
    public void close() throws IOException {
        if (session.isOpen()) {
            session.close();
        }
    }
}

package dev.parley.socketio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An Engine.IO v4 client over WebSocket on the JDK's client, for the ITs: frames in a queue (texts as they came,
 * binary as {@code byte[]}), Engine.IO pings answered and left out unless {@code keepPings}. One packet per frame.
 */
final class WsEngineClient implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final boolean keepPings;
    private final WebSocket socket;

    private WsEngineClient(URI uri, boolean keepPings) {
        this.keepPings = keepPings;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT)
                .buildAsync(uri, new Listener()).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Opens {@code base} ({@code ws://host:port/socket.io/}) with {@code EIO=4&transport=websocket}. */
    static WsEngineClient open(URI base, boolean keepPings) {
        return new WsEngineClient(URI.create(base + "?EIO=4&transport=websocket"), keepPings);
    }

    /** Opens {@code base} as the WebSocket upgrade of the polling session {@code sid} (no open packet comes). */
    static WsEngineClient upgrade(URI base, String sid) {
        return new WsEngineClient(URI.create(base + "?EIO=4&transport=websocket&sid=" + sid), false);
    }

    /** Opens and reads the Engine.IO open packet. */
    static WsEngineClient handshaken(URI base) throws InterruptedException {
        WsEngineClient client = open(base, false);
        String open = client.text();
        if (!open.startsWith("0{")) {
            throw new AssertionError("not an open packet: " + open);
        }
        return client;
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String frame = text.toString();
                text.setLength(0);
                if (frame.equals("2")) {
                    webSocket.sendText("3", true);
                    if (keepPings) {
                        frames.add(frame);
                    }
                } else {
                    frames.add(frame);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                frames.add(binary.toByteArray());
                binary = new java.io.ByteArrayOutputStream();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }

    /** Sends one Engine.IO packet as a text frame ({@code "40"}, {@code "42[...]"}). */
    void send(String packet) {
        socket.sendText(packet, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Sends one binary message (an attachment). */
    void send(byte... data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** The next frame, within {@link #WAIT}. */
    Object next() throws InterruptedException {
        Object frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within " + WAIT + (closed.isDone() ? " (closed)" : ""));
        }
        return frame;
    }

    /** The next frame, which must be text. */
    String text() throws InterruptedException {
        Object frame = next();
        if (!(frame instanceof String text)) {
            throw new AssertionError("a binary frame where text was expected");
        }
        return text;
    }

    /** Waits for the server to close; the close code, or -1 if the connection failed. */
    int awaitClose() {
        return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
        }
        socket.abort();
    }
}

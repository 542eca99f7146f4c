package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;

import org.glassfish.tyrus.core.HandshakeException;

import dev.parley.json.JsonText;
import dev.parley.client.RecordingClient;

/**
 * A {@code /chat} client for tests, on the Tyrus client: sends requests with an ack id and waits for the
 * answer to that id, keeping whatever else arrived meanwhile (messages, presence) for {@link #next()} in order.
 */
public final class ChatClient implements AutoCloseable {
    private static final AtomicInteger ACK_IDS = new AtomicInteger();

    private final RecordingClient ws;
    private final Deque<JsonObject> arrived = new ArrayDeque<>();
    public final JsonObject welcome;

    private ChatClient(RecordingClient ws) throws InterruptedException {
        this.ws = ws;
        this.welcome = take();
        assertEquals("welcome", welcome.getString("type"), welcome.toString());
    }

    /**
     * Connects to {@code chat}. A 409 (the name is held) is tried again until {@link RecordingClient#WAIT}: the
     * session a test closed just before under the same name may still be closing on the server: the client can have
     * the server's close frame before the server has run the {@code @OnClose} that frees the name (seen on Payara and
     * with the Redis store: "Response code was not 101: 409" for a name the test before had closed).
     */
    public static ChatClient connect(URI chat) throws Exception {
        long deadline = System.nanoTime() + RecordingClient.WAIT.toNanos();
        while (true) {
            try {
                return new ChatClient(RecordingClient.connect(chat));
            } catch (DeploymentException refused) {
                if (!nameHeld(refused) || System.nanoTime() > deadline) {
                    throw refused;
                }
                Thread.sleep(20); // the poll interval: the server's close is not observable from here
            }
        }
    }

    private static boolean nameHeld(Throwable refused) {
        for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
            if (cause instanceof HandshakeException handshake && handshake.getHttpStatusCode() == 409) {
                return true;
            }
        }
        return false;
    }

    /** As {@link #connect(URI)}, offering {@code subprotocols} (auth mode: {@code parley.jwt.<token>}). */
    public static ChatClient connect(URI chat, List<String> subprotocols) throws Exception {
        return new ChatClient(RecordingClient.connect(chat, null, subprotocols));
    }

    public RecordingClient ws() {
        return ws;
    }

    /** Sends {@code request} (a JSON object without "ack") with an ack id; waits for its ack or error, returns it. */
    public JsonObject call(String request) throws Exception {
        String ack = "a" + ACK_IDS.incrementAndGet();
        ws.send(JsonText.write(JsonText.object(JsonText.readObject(request)).add("ack", ack)));
        Deque<JsonObject> skipped = new ArrayDeque<>();
        while (true) {
            JsonObject frame = take();
            if (ack.equals(frame.getString("ack", null))) {
                arrived.addAll(skipped);
                return frame;
            }
            skipped.add(frame);
        }
    }

    /** As {@link #call} and asserts it was acked. */
    public JsonObject ok(String request) throws Exception {
        JsonObject reply = call(request);
        assertEquals("ack", reply.getString("type"), reply.toString());
        return reply;
    }

    /** As {@link #call} and asserts the error code. */
    public JsonObject refused(String request, String code) throws Exception {
        JsonObject reply = call(request);
        assertEquals("error", reply.getString("type"), reply.toString());
        assertEquals(code, reply.getString("code"), reply.toString());
        return reply;
    }

    public void send(String raw) throws Exception {
        ws.send(raw);
    }

    /** The next frame not taken by {@link #call}. */
    public JsonObject next() throws InterruptedException {
        return arrived.isEmpty() ? take() : arrived.removeFirst();
    }

    /** The next frame, which must be of {@code type}. */
    public JsonObject next(String type) throws InterruptedException {
        JsonObject frame = next();
        assertEquals(type, frame.getString("type"), frame.toString());
        return frame;
    }

    public CloseReason awaitClose() throws Exception {
        return ws.awaitClose();
    }

    private JsonObject take() throws InterruptedException {
        try (JsonReader reader = Json.createReader(new StringReader(ws.nextText()))) {
            return reader.readObject();
        }
    }

    /**
     * Closes and waits for the server's answer. The server may still be running its {@code @OnClose} (which frees
     * the name in open mode): {@link #connect} waits out a 409 for that reason.
     */
    @Override
    public void close() throws Exception {
        ws.close();
        ws.awaitClose();
    }
}

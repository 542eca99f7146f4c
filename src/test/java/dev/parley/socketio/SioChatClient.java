package dev.parley.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

/** A Socket.IO client of {@code /chat}, raw packets over {@link WsEngineClient}. */
final class SioChatClient implements AutoCloseable {
    private static final String NS = "/chat,";
    final WsEngineClient client;
    final JsonObject welcome;
    private final Deque<JsonArray> events = new ArrayDeque<>();
    private int ackIds;

    private SioChatClient(WsEngineClient client) throws InterruptedException {
        this.client = client;
        this.welcome = event("welcome");
    }

    static SioChatClient connect(URI socketIo, String name) throws InterruptedException {
        WsEngineClient client = WsEngineClient.handshaken(socketIo);
        client.send("40" + NS + "{\"name\":\"" + name + "\"}");
        payload(client.text(), "40" + NS);
        return new SioChatClient(client);
    }

    static jakarta.json.JsonValue payload(String packet, String prefix) {
        assertTrue(packet.startsWith(prefix), packet);
        return SocketIoJson.parse(packet.substring(prefix.length()));
    }

    /** Emits {@code event} with {@code fields} and a callback; the one argument the server acks with. */
    JsonObject call(String event, String fields) throws InterruptedException {
        int id = ++ackIds;
        client.send("42" + NS + id + "[\"" + event + "\"," + fields + "]");
        String prefix = "43" + NS + id;
        for (int frames = 0; frames < 1000; frames++) {
            String packet = client.text();
            if (packet.startsWith(prefix)) {
                JsonArray args = payload(packet, prefix).asJsonArray();
                assertEquals(1, args.size(), packet);
                return args.getJsonObject(0);
            }
            events.add(payload(packet, "42" + NS).asJsonArray());
        }
        throw new AssertionError("no ack " + id);
    }

    /** Emits {@code event} with {@code fields} and a callback, without waiting; the ack id it was given. */
    int send(String event, String fields) {
        int id = ++ackIds;
        client.send("42" + NS + id + "[\"" + event + "\"," + fields + "]");
        return id;
    }

    /**
     * Reads on until the server's DISCONNECT of {@code /chat}; the acks that came before it, each as {@code id
     * answer}, in order.
     */
    java.util.List<String> awaitDisconnect() throws InterruptedException {
        java.util.List<String> acks = new java.util.ArrayList<>();
        for (int frames = 0; frames < 1000; frames++) {
            String packet = client.text();
            if (packet.equals("41" + NS)) {
                return acks;
            }
            if (packet.startsWith("43" + NS)) {
                String rest = packet.substring(("43" + NS).length());
                int bracket = rest.indexOf('[');
                acks.add(rest.substring(0, bracket) + " " + SocketIoJson.parse(rest.substring(bracket)).asJsonArray()
                        .getJsonObject(0));
            }
        }
        throw new AssertionError("no DISCONNECT of /chat");
    }

    /** The next event named {@code name} (others before it are skipped); its one argument. */
    JsonObject event(String name) throws InterruptedException {
        for (int frames = 0; frames < 1000; frames++) {
            JsonArray event = events.isEmpty() ? payload(client.text(), "42" + NS).asJsonArray() : events.poll();
            if (event.getString(0).equals(name)) {
                JsonObject frame = event.getJsonObject(1);
                assertEquals(name, frame.getString("type"), frame.toString());
                return frame;
            }
        }
        throw new AssertionError("no event " + name);
    }

    @Override
    public void close() {
        client.close();
    }
}

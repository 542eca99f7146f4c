package dev.parley.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.chat.ChatClient;
import dev.parley.deploy.ParleyTarget;
import dev.parley.deploy.TestDeployment;
import dev.parley.engineio.EngineMount;

/**
 * {@code /socket.io/} as every container serves it (the embedded server, the WAR on Payara and GlassFish): the chat
 * as namespace {@code /chat} over Engine.IO polling (a held GET answered by a POST's ack), over a WebSocket, and
 * across the upgrade from one to the other, each in one room with a WebSocket {@code /chat} client.
 */
@Tag("portable")
class SocketIoPortableIT {
    @RegisterExtension
    static final ParleyTarget server = ParleyTarget.of(TestDeployment.DEFAULTS);
    /** Pings every 500 ms, a pong due within 1 s: a held GET lives through several of them in a test. */
    @RegisterExtension
    static final ParleyTarget pings = ParleyTarget.of(TestDeployment.PINGS);
    private static final String NS = "/chat,";
    private static final AtomicInteger NAMES = new AtomicInteger();

    private static String name(String who) {
        return "sio-" + who + NAMES.incrementAndGet();
    }

    private static URI http() {
        return server.http(EngineMount.SOCKET_IO);
    }

    private static ChatClient webSocket(String name) throws Exception {
        return ChatClient.connect(server.ws("/chat?name=" + name));
    }

    @Test
    void aPollingClientSharesARoomWithAWebSocketChatClient() throws Exception {
        String alice = name("alice");
        String bob = name("bob");
        String room = name("poll-room");
        Polled polled = new Polled(new PollingEngineClient(http()));
        polled.client.open();
        assertEquals(200, polled.client.post("40" + NS + "{\"name\":\"" + alice + "\"}"));
        assertTrue(polled.next().startsWith("40" + NS + "{\"sid\":"));
        assertEquals(alice, polled.event("welcome").getString("user"));

        CompletableFuture<List<String>> held = CompletableFuture.supplyAsync(polled::pollOnce);
        assertFalse(held.isDone()); // nothing is queued for it: the GET waits
        assertEquals(200, polled.client.post("42" + NS + "1[\"join\",{\"room\":\"" + room + "\"}]"));
        List<String> answer = held.join(); // the POST's ack lets it go
        assertTrue(answer.get(0).startsWith("43" + NS + "1["), answer.toString());
        JsonObject joined = SioChatClient.payload(answer.get(0), "43" + NS + "1").asJsonArray().getJsonObject(0);
        assertEquals(List.of(alice), strings(joined.getJsonArray("members")));

        try (ChatClient ws = webSocket(bob)) {
            assertEquals(List.of(alice, bob), strings(ws.ok("{\"type\":\"join\",\"room\":\"" + room + "\"}")
                    .getJsonArray("members")));
            assertEquals(bob, polled.event("presence").getString("user"));
            ws.ok("{\"type\":\"say\",\"room\":\"" + room + "\",\"text\":\"to a poller\"}");
            JsonObject message = polled.event("message");
            assertEquals("to a poller", message.getString("text"));
            assertEquals(bob, message.getString("from"));

            assertEquals(200, polled.client.post("42" + NS + "2[\"say\",{\"room\":\"" + room
                    + "\",\"text\":\"from a poller\"}]"));
            ws.next("message"); // its own first
            JsonObject fromAlice = ws.next("message");
            assertEquals(alice, fromAlice.getString("from"));
            assertEquals("from a poller", fromAlice.getString("text"));
            assertEquals(200, polled.client.post("1")); // the Engine.IO close
        }
    }

    @Test
    void aWebSocketClientSharesARoomWithAWebSocketChatClient() throws Exception {
        String alice = name("alice");
        String bob = name("bob");
        String room = name("ws-room");
        try (SioChatClient sio = SioChatClient.connect(server.ws(EngineMount.SOCKET_IO), alice);
             ChatClient ws = webSocket(bob)) {
            assertEquals(ws.welcome.getString("epoch"), sio.welcome.getString("epoch")); // one chat
            assertEquals(List.of(alice), strings(sio.call("join", "{\"room\":\"" + room + "\"}")
                    .getJsonArray("members")));
            assertEquals(List.of(alice, bob), strings(ws.ok("{\"type\":\"join\",\"room\":\"" + room + "\"}")
                    .getJsonArray("members")));
            assertEquals(bob, sio.event("presence").getString("user"));

            ws.ok("{\"type\":\"say\",\"room\":\"" + room + "\",\"text\":\"hello from WebSocket\"}");
            assertEquals("hello from WebSocket", sio.event("message").getString("text"));
            JsonObject said = sio.call("say", "{\"room\":\"" + room + "\",\"text\":\"hello from Socket.IO\"}");
            assertEquals(2, said.getInt("id"), said.toString());
            ws.next("message");
            assertEquals("hello from Socket.IO", ws.next("message").getString("text"));
            assertEquals("not_member", sio.call("say", "{\"room\":\"elsewhere\",\"text\":\"x\"}").getString("code"));
        }
    }

    @Test
    void theUpgradeFromPollingKeepsTheChatSession() throws Exception {
        String alice = name("alice");
        String bob = name("bob");
        String room = name("upgrade-room");
        Polled polled = new Polled(new PollingEngineClient(http()));
        String sid = polled.client.open();
        assertEquals(200, polled.client.post("40" + NS + "{\"name\":\"" + alice + "\"}"));
        polled.event("welcome");
        assertEquals(200, polled.client.post("42" + NS + "1[\"join\",{\"room\":\"" + room + "\"}]"));
        assertTrue(polled.next().startsWith("43" + NS + "1["));

        CompletableFuture<List<String>> held = CompletableFuture.supplyAsync(polled::pollOnce);
        assertFalse(held.isDone());
        try (WsEngineClient upgraded = WsEngineClient.upgrade(server.ws(EngineMount.SOCKET_IO), sid);
             ChatClient ws = webSocket(bob)) {
            upgraded.send("2probe");
            assertEquals("3probe", upgraded.text());
            assertEquals(List.of("6"), held.join()); // the held GET is let go with a noop
            upgraded.send("5");

            ws.ok("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            String presence = upgraded.text(); // now over the WebSocket
            assertTrue(presence.startsWith("42" + NS + "[\"presence\"") && presence.contains(bob), presence);
            upgraded.send("42" + NS + "2[\"say\",{\"room\":\"" + room + "\",\"text\":\"upgraded\"}]");
            String ack = upgraded.text();
            assertTrue(ack.startsWith("43" + NS + "2[") || ack.startsWith("42" + NS + "[\"message\""), ack);
            JsonObject fromAlice = ws.next("message");
            assertEquals(alice, fromAlice.getString("from"));
            assertEquals("upgraded", fromAlice.getString("text"));
        }
    }

    @Test
    void heldGetsAreAnsweredByThePingsAndTheSessionLivesOnItsPongs() throws Exception {
        PollingEngineClient client = new PollingEngineClient(pings.http(EngineMount.SOCKET_IO));
        client.open();
        for (int n = 0; n < 4; n++) { // each GET held until the next ping, about 500 ms
            assertEquals(List.of("2"), client.poll());
            assertEquals(200, client.post("3"));
        }
        assertEquals(200, client.post("1"));
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    /** A polling client's packets, one at a time, pings answered. */
    private static final class Polled {
        final PollingEngineClient client;
        private final Deque<String> packets = new ArrayDeque<>();

        Polled(PollingEngineClient client) {
            this.client = client;
        }

        List<String> pollOnce() {
            try {
                return client.poll();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }

        String next() throws Exception {
            if (packets.isEmpty()) {
                packets.addAll(client.packets(1));
            }
            return packets.poll();
        }

        /** The next event named {@code name} on {@code /chat} (others before it skipped); its one argument. */
        JsonObject event(String name) throws Exception {
            for (int n = 0; n < 100; n++) {
                String packet = next();
                if (packet.startsWith("42" + NS + "[\"" + name + "\"")) {
                    return SioChatClient.payload(packet, "42" + NS).asJsonArray().getJsonObject(1);
                }
            }
            throw new AssertionError("no event " + name);
        }
    }
}

package dev.parley.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import dev.parley.chat.ChatClient;
import dev.parley.engineio.EngineMount;
import dev.parley.server.Config;
import dev.parley.server.ParleyServer;

/**
 * The chat over Socket.IO ({@code dev.parley.chat.SocketIoChat}, namespace {@code /chat}) and over the WebSocket
 * {@code /chat} in one room of one embedded server: a Socket.IO client speaking Engine.IO over the JDK's WebSocket
 * ({@link SioChatClient}) and a Tyrus {@link ChatClient} see each other's presence, messages and whispers, one id
 * sequence, one history.
 */
class SocketIoChatIT {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        Config config = Config.defaults().withHost("127.0.0.1").withPort(0);
        server = ParleyServer.start(config); // /socket.io/ with the chat as /chat
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private static String name(String who) {
        return who + NAMES.incrementAndGet();
    }

    private static ChatClient webSocket(String name) throws Exception {
        return ChatClient.connect(server.uri("ws", "/chat?name=" + name));
    }

    @Test
    void aSocketIoClientAndAWebSocketClientTalkInOneRoom() throws Exception {
        String alice = name("alice");
        String bob = name("bob");
        String room = name("lobby");
        try (SioChatClient sio = SioChatClient.connect(server.uri("ws", EngineMount.SOCKET_IO), alice);
             ChatClient ws = webSocket(bob)) {
            assertEquals(alice, sio.welcome.getString("user"));
            assertEquals(ws.welcome.getString("epoch"), sio.welcome.getString("epoch")); // one chat
            JsonObject joined = sio.call("join", "{\"room\":\"" + room + "\"}");
            assertEquals("ack", joined.getString("type"), joined.toString());
            assertEquals(List.of(alice), strings(joined.getJsonArray("members")));
            assertEquals(0, joined.getInt("last"));
            assertTrue(!joined.containsKey("ack"), joined.toString());

            JsonObject bobJoined = ws.ok("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            assertEquals(joined.getString("epoch"), bobJoined.getString("epoch"));
            assertEquals(List.of(alice, bob), strings(bobJoined.getJsonArray("members")));
            JsonObject presence = sio.event("presence");
            assertEquals(bob, presence.getString("user"));
            assertEquals("join", presence.getString("event"));

            ws.ok("{\"type\":\"say\",\"room\":\"" + room + "\",\"text\":\"hello from WebSocket\"}");
            assertEquals(1, ws.next("message").getInt("id")); // its own, as every member gets it
            JsonObject fromBob = sio.event("message");
            assertEquals(1, fromBob.getInt("id"));
            assertEquals(bob, fromBob.getString("from"));
            assertEquals("hello from WebSocket", fromBob.getString("text"));

            JsonObject said = sio.call("say", "{\"room\":\"" + room + "\",\"text\":\"hello from Socket.IO\"}");
            assertEquals(2, said.getInt("id"), said.toString());
            assertEquals(2, sio.event("message").getInt("id")); // the sender gets its own message too
            JsonObject fromAlice = ws.next("message");
            assertEquals(2, fromAlice.getInt("id"));
            assertEquals(alice, fromAlice.getString("from"));
            assertEquals("hello from Socket.IO", fromAlice.getString("text"));

            JsonObject history = sio.call("history", "{\"room\":\"" + room + "\",\"since\":0}");
            assertEquals(List.of("hello from WebSocket", "hello from Socket.IO"), history.getJsonArray("messages")
                    .getValuesAs(JsonObject.class).stream().map(m -> m.getString("text")).toList());

            ws.ok("{\"type\":\"whisper\",\"to\":\"" + alice + "\",\"text\":\"psst\"}");
            JsonObject whisper = sio.event("whisper");
            assertEquals(bob, whisper.getString("from"));
            assertEquals("psst", whisper.getString("text"));
            sio.call("whisper", "{\"to\":\"" + bob + "\",\"text\":\"pssst\"}");
            assertEquals(alice, ws.next("whisper").getString("from"));

            JsonObject refused = sio.call("say", "{\"room\":\"elsewhere\",\"text\":\"x\"}");
            assertEquals("error", refused.getString("type"));
            assertEquals("not_member", refused.getString("code"));
            assertEquals("unknown_type", sio.call("dance", "{}").getString("code"));
        }
    }

    /** The typing event both ways: a Socket.IO event named "typing", a WebSocket frame; never to the sender. */
    @Test
    void typingReachesTheOtherSideAsAnEvent() throws Exception {
        String alice = name("alice");
        String bob = name("bob");
        String room = name("typing");
        try (SioChatClient sio = SioChatClient.connect(server.uri("ws", EngineMount.SOCKET_IO), alice);
             ChatClient ws = webSocket(bob)) {
            sio.call("join", "{\"room\":\"" + room + "\"}");
            ws.ok("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            sio.event("presence");

            ws.ok("{\"type\":\"typing\",\"room\":\"" + room + "\"}");
            assertEquals("{\"type\":\"typing\",\"room\":\"" + room + "\",\"user\":\"" + bob + "\"}",
                    sio.event("typing").toString());

            JsonObject sent = sio.call("typing", "{\"room\":\"" + room + "\"}");
            assertEquals("{\"type\":\"ack\",\"room\":\"" + room + "\",\"sent\":true}", sent.toString());
            ws.ok("{\"type\":\"say\",\"room\":\"" + room + "\",\"text\":\"marker\"}");
            JsonObject typing = ws.next("typing"); // before the marker: requests are carried out in order
            assertEquals(alice, typing.getString("user"));
            assertEquals(room, typing.getString("room"));
            assertEquals("marker", ws.next("message").getString("text"), "bob's own typing never came back to him");
        }
    }

    @Test
    void leavingBySocketIoDisconnectTellsTheWebSocketMembers() throws Exception {
        String alice = name("alice");
        String bob = name("bob");
        String room = name("lobby");
        try (ChatClient ws = webSocket(bob)) {
            ws.ok("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            try (SioChatClient sio = SioChatClient.connect(server.uri("ws", EngineMount.SOCKET_IO), alice)) {
                sio.call("join", "{\"room\":\"" + room + "\"}");
                assertEquals("join", ws.next("presence").getString("event"));
                sio.client.send("41/chat,");
            }
            JsonObject left = ws.next("presence");
            assertEquals(alice, left.getString("user"));
            assertEquals("leave", left.getString("event"));
        }
    }

    @Test
    void aNameHeldOverTheWebSocketIsRefusedOverSocketIo() throws Exception {
        String bob = name("bob");
        try (ChatClient ws = webSocket(bob);
             WsEngineClient client = WsEngineClient.handshaken(server.uri("ws", EngineMount.SOCKET_IO))) {
            client.send("40/chat,{\"name\":\"" + bob + "\"}");
            JsonObject error = SioChatClient.payload(client.text(), "44/chat,").asJsonObject();
            assertEquals("name_taken", error.getString("message"));
            JsonObject data = error.getJsonObject("data");
            assertEquals("error", data.getString("type"));
            assertEquals("name_taken", data.getString("code"));
            assertEquals(409, data.getInt("status"));

            client.send("40/chat,{}");
            assertEquals("name_required", SioChatClient.payload(client.text(), "44/chat,").asJsonObject()
                    .getString("message"));
        }
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString)
                .toList();
    }
}

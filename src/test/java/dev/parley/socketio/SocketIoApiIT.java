package dev.parley.socketio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.parley.engineio.EngineConfig;
import dev.parley.engineio.EngineMount;
import dev.parley.engineio.Scheduler;
import dev.parley.server.Config;
import dev.parley.server.ParleyServer;

/**
 * The Java API over real transports: a refusal with data, rooms with an emit that skips the sender (two WebSocket
 * clients and a polling one in one room), a server-to-client event with an ack, binary both ways, and a namespace
 * class, on the embedded server.
 */
class SocketIoApiIT {
    private static ScheduledExecutorService timer;
    private static ParleyServer server;
    private static URI ws;
    private static URI http;

    @BeforeAll
    static void start() throws Exception {
        timer = Executors.newSingleThreadScheduledExecutor();
        SocketIoServer sio = new SocketIoServer(Scheduler.of(timer), Duration.ofSeconds(10), SocketIoEvents.LOG);
        Namespace chat = sio.namespace("/team");
        chat.onConnect((socket, auth) -> {
            if (!auth.containsKey("name")) {
                throw new ConnectRefused("name required", SocketIoJson.object().add("field", "name").build());
            }
            socket.session().put("name", auth.getString("name"));
        }).on("join", (socket, args, ack) -> {
            socket.join(((jakarta.json.JsonString) args.get(0)).getString());
            ack.send(socket.rooms().size());
        }).on("say", (socket, args, ack) -> chat.to("lobby").except(socket.id())
                .emit("said", socket.session().get("name"), args.get(0)))
                .on("ask", (socket, args, ack) -> socket.emitWithAck("question", Duration.ofSeconds(10), "name?")
                        .thenAccept(answer -> socket.emit("answer-was", answer.toArray())));
        sio.register("/cls", new NamespaceHandler() {
            @Override
            public void onEvent(SioSocket socket, String event, List<Object> args, Ack ack) {
                ack.send(event, args.get(0));
            }
        });
        server = ParleyServer.start(Config.defaults().withPort(0), List.of(
                new EngineMount(EngineMount.SOCKET_IO, EngineConfig.DEFAULTS, sio, false)));
        ws = server.uri("ws", EngineMount.SOCKET_IO);
        http = server.uri("http", EngineMount.SOCKET_IO);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        timer.shutdownNow();
    }

    private static WsEngineClient member(String name) throws InterruptedException {
        WsEngineClient client = WsEngineClient.handshaken(ws);
        client.send("40/team,{\"name\":\"" + name + "\"}");
        assertTrue(client.text().startsWith("40/team,{\"sid\":"));
        client.send("42/team,1[\"join\",\"lobby\"]");
        assertEquals("43/team,1[2]", client.text());
        return client;
    }

    @Test
    void aRefusalCarriesItsData() throws Exception {
        try (WsEngineClient client = WsEngineClient.handshaken(ws)) {
            client.send("40/team,");
            assertEquals("44/team,{\"message\":\"name required\",\"data\":{\"field\":\"name\"}}", client.text());
            client.send("40/team,{\"name\":\"late\"}");
            assertTrue(client.text().startsWith("40/team,{\"sid\":"));
        }
    }

    @Test
    void aRoomEmitSkipsTheSenderAcrossTransports() throws Exception {
        try (WsEngineClient ann = member("ann"); WsEngineClient bob = member("bob")) {
            PollingEngineClient cat = new PollingEngineClient(http);
            cat.open();
            cat.post("40/team,{\"name\":\"cat\"}", "42/team,1[\"join\",\"lobby\"]");
            List<String> joined = cat.packets(2);
            assertEquals("43/team,1[2]", joined.get(1));
            ann.send("42/team,[\"say\",{\"text\":\"hi\"}]");
            assertEquals("42/team,[\"said\",\"ann\",{\"text\":\"hi\"}]", bob.text());
            assertEquals(List.of("42/team,[\"said\",\"ann\",{\"text\":\"hi\"}]"), cat.packets(1));
            bob.send("42/team,[\"say\",2]");
            assertEquals("42/team,[\"said\",\"bob\",2]", ann.text());
            assertEquals(List.of("42/team,[\"said\",\"bob\",2]"), cat.packets(1));
        }
    }

    @Test
    void aServerEventWithAnAckAndBinaryBothWays() throws Exception {
        try (WsEngineClient ann = member("ann")) {
            ann.send("42/team,[\"ask\"]");
            String question = ann.text();
            assertTrue(question.matches("42/team,\\d+\\[\"question\",\"name\\?\"]"), question);
            String id = question.substring("42/team,".length(), question.indexOf('['));
            ann.send("461-/team," + id + "[\"ann\",{\"_placeholder\":true,\"num\":0}]");
            ann.send((byte) 9, (byte) 8);
            assertEquals("451-/team,[\"answer-was\",\"ann\",{\"_placeholder\":true,\"num\":0}]", ann.text());
            assertArrayEquals(new byte[] {9, 8}, (byte[]) ann.next());
        }
    }

    @Test
    void aNamespaceClassAnswers() throws Exception {
        try (WsEngineClient client = WsEngineClient.handshaken(ws)) {
            client.send("40/cls,");
            assertTrue(client.text().startsWith("40/cls,{\"sid\":"));
            client.send("42/cls,5[\"anything\",true]");
            assertEquals("43/cls,5[\"anything\",true]", client.text());
        }
    }
}

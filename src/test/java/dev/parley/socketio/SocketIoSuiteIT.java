package dev.parley.socketio;

import static dev.parley.socketio.SuitePackets.handshake;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.parley.engineio.EngineConfig;
import dev.parley.engineio.EngineMount;
import dev.parley.engineio.Scheduler;
import dev.parley.server.Config;
import dev.parley.server.ParleyServer;

/**
 * The socket.io-protocol test-suite's Socket.IO groups (connect, disconnect, message, malformed packets), written
 * from the protocol document, against {@link SuiteFixture} on the embedded server: over WebSocket as the suite does,
 * and the same exchanges over HTTP long-polling.
 */
class SocketIoSuiteIT {
    /** The suite's ping interval; the pong timeout generous for a loaded box (the clients here answer at once). */
    static final EngineConfig ENGINE = EngineConfig.DEFAULTS.withPing(Duration.ofMillis(300), Duration.ofSeconds(2));

    private static ScheduledExecutorService timer;
    private static ParleyServer server;
    private static URI ws;
    private static URI http;

    @BeforeAll
    static void start() throws Exception {
        timer = Executors.newSingleThreadScheduledExecutor();
        server = ParleyServer.start(Config.defaults().withPort(0), List.of(
                new EngineMount(EngineMount.SOCKET_IO, ENGINE, SuiteFixture.create(Scheduler.of(timer)), true)));
        ws = server.uri("ws", EngineMount.SOCKET_IO);
        http = server.uri("http", EngineMount.SOCKET_IO);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        timer.shutdownNow();
    }

    /** The suite's initSocketIOConnection: open, {@code 40}, its answer and the "auth" event read. */
    private static WsEngineClient connected() throws InterruptedException {
        WsEngineClient client = WsEngineClient.handshaken(ws);
        client.send("40");
        handshake(client.text(), "40");
        assertEquals("42[\"auth\",{}]", client.text());
        return client;
    }

    @Nested
    class Connect {
        @Test
        void mainNamespace() throws Exception {
            try (WsEngineClient client = WsEngineClient.handshaken(ws)) {
                client.send("40");
                JsonObject sid = handshake(client.text(), "40");
                assertEquals(List.of("sid"), List.copyOf(sid.keySet()));
                assertEquals("42[\"auth\",{}]", client.text());
            }
        }

        @Test
        void mainNamespaceWithAPayload() throws Exception {
            try (WsEngineClient client = WsEngineClient.handshaken(ws)) {
                client.send("40{\"token\":\"123\"}");
                handshake(client.text(), "40");
                assertEquals("42[\"auth\",{\"token\":\"123\"}]", client.text());
            }
        }

        @Test
        void customNamespace() throws Exception {
            try (WsEngineClient client = WsEngineClient.handshaken(ws)) {
                client.send("40/custom,");
                assertEquals(List.of("sid"), List.copyOf(handshake(client.text(), "40/custom,").keySet()));
                assertEquals("42/custom,[\"auth\",{}]", client.text());
            }
        }

        @Test
        void customNamespaceWithAPayload() throws Exception {
            try (WsEngineClient client = WsEngineClient.handshaken(ws)) {
                client.send("40/custom,{\"token\":\"abc\"}");
                handshake(client.text(), "40/custom,");
                assertEquals("42/custom,[\"auth\",{\"token\":\"abc\"}]", client.text());
            }
        }

        @Test
        void unknownNamespace() throws Exception {
            try (WsEngineClient client = WsEngineClient.handshaken(ws)) {
                client.send("40/random");
                assertEquals("44/random,{\"message\":\"Invalid namespace\"}", client.text());
            }
        }

        @Test
        void invalidHandshakeCloses() throws Exception {
            try (WsEngineClient client = WsEngineClient.handshaken(ws)) {
                client.send("4abc");
                client.awaitClose();
            }
        }

        @Test
        void noHandshakeCloses() throws Exception {
            try (WsEngineClient client = WsEngineClient.open(ws, false)) {
                client.awaitClose();
            }
        }
    }

    @Nested
    class Disconnect {
        @Test
        void fromTheMainNamespaceTheConnectionStays() throws Exception {
            try (WsEngineClient client = WsEngineClient.handshaken(ws)) {
                client.send("40");
                handshake(client.text(), "40");
                client.text();
                client.send("41");
                // The suite: the next frame is Engine.IO's ping. Here it is answered; the connection still serves.
                client.send("40/custom,");
                handshake(client.text(), "40/custom,");
                assertEquals("42/custom,[\"auth\",{}]", client.text());
            }
        }

        @Test
        void fromACustomNamespaceTheMainOneStays() throws Exception {
            try (WsEngineClient client = connected()) {
                client.send("40/custom");
                handshake(client.text(), "40/custom,");
                client.text();
                client.send("41/custom");
                client.send("42[\"message\",\"message to main namespace\"]");
                assertEquals("42[\"message-back\",\"message to main namespace\"]", client.text());
            }
        }
    }

    @Nested
    class Message {
        @Test
        void plainText() throws Exception {
            try (WsEngineClient client = connected()) {
                client.send("4" + SuitePackets.PLAIN);
                assertEquals("4" + SuitePackets.PLAIN_BACK, client.text());
            }
        }

        @Test
        void binaryAttachments() throws Exception {
            try (WsEngineClient client = connected()) {
                client.send("4" + SuitePackets.BINARY);
                client.send((byte) 1, (byte) 2, (byte) 3);
                client.send((byte) 4, (byte) 5, (byte) 6);
                assertEquals("4" + SuitePackets.BINARY_BACK, client.text());
                assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) client.next());
                assertArrayEquals(new byte[] {4, 5, 6}, (byte[]) client.next());
            }
        }

        @Test
        void plainTextWithAnAck() throws Exception {
            try (WsEngineClient client = connected()) {
                client.send("4" + SuitePackets.PLAIN_WITH_ACK);
                assertEquals("4" + SuitePackets.PLAIN_ACK, client.text());
            }
        }

        @Test
        void binaryAttachmentsWithAnAck() throws Exception {
            try (WsEngineClient client = connected()) {
                client.send("4" + SuitePackets.BINARY_WITH_ACK);
                client.send((byte) 1, (byte) 2, (byte) 3);
                client.send((byte) 4, (byte) 5, (byte) 6);
                assertEquals("4" + SuitePackets.BINARY_ACK, client.text());
                assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) client.next());
                assertArrayEquals(new byte[] {4, 5, 6}, (byte[]) client.next());
            }
        }

        @Test
        void unknownPacketTypeCloses() throws Exception {
            try (WsEngineClient client = connected()) {
                client.send("4abc");
                client.awaitClose();
            }
        }

        @Test
        void invalidPayloadCloses() throws Exception {
            try (WsEngineClient client = connected()) {
                client.send("42{}");
                client.awaitClose();
            }
        }

        @Test
        void invalidAckIdCloses() throws Exception {
            try (WsEngineClient client = connected()) {
                client.send("4" + SuitePackets.INVALID_ACK_ID);
                client.awaitClose();
            }
        }
    }

    @Nested
    class Polling {
        @Test
        void connectEchoAckAndBinaryOverLongPolling() throws Exception {
            PollingEngineClient client = new PollingEngineClient(http);
            String engineSid = client.open();
            assertEquals(200, client.post("40{\"token\":\"123\"}"));
            List<String> answer = client.packets(2);
            assertNotEquals(engineSid, handshake(answer.get(0), "40").getString("sid"));
            assertEquals("42[\"auth\",{\"token\":\"123\"}]", answer.get(1));
            assertEquals(200, client.post("4" + SuitePackets.PLAIN, "42456[\"message-with-ack\",7]"));
            assertEquals(List.of("4" + SuitePackets.PLAIN_BACK, "43456[7]"), client.packets(2));
            assertEquals(200, client.post("4" + SuitePackets.BINARY, "bAQID", "bBAUG"));
            assertEquals(List.of("4" + SuitePackets.BINARY_BACK, "bAQID", "bBAUG"),
                    client.packets(3));
        }

        @Test
        void namespacesMultiplexedAndLeftOneByOne() throws Exception {
            PollingEngineClient client = new PollingEngineClient(http);
            client.open();
            assertEquals(200, client.post("40", "40/custom,"));
            List<String> answers = client.packets(4);
            assertEquals(2, answers.stream().filter(p -> p.startsWith("40/custom,{\"sid\":")).count()
                    + answers.stream().filter(p -> p.equals("42/custom,[\"auth\",{}]")).count());
            assertEquals(200, client.post("41/custom,", "42[\"message\",\"still here\"]"));
            assertEquals(List.of("42[\"message-back\",\"still here\"]"), client.packets(1));
        }
    }
}

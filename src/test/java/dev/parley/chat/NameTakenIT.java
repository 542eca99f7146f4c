package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.parley.client.RawClient;
import dev.parley.server.Config;
import dev.parley.server.ParleyServer;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.HandshakeRejected;
import dev.parley.wire.HttpHeaders;
import dev.parley.wire.MaskKeys;
import dev.parley.wire.Opcode;
import dev.parley.wire.UpgradeResponse;

/**
 * Issue 12, "Anyone can be anyone in open mode": a name that is connected is refused, 409 {@code name_taken} (or, for
 * a client offering the {@code parley} subprotocol, an error frame and close 4409); of two racing handshakes for one
 * name exactly one wins; the name is free again once its session has closed.
 */
class NameTakenIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int RACES = 40;
    private static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start(Config.defaults().withPort(0));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static URI chat(String name) {
        return server.uri("ws", "/chat?name=" + name);
    }

    @Test
    void aConnectedNameIs409UntilItsSessionCloses() throws Exception {
        ChatClient dave = ChatClient.connect(chat("dave"));
        UpgradeResponse impostor = Upgrades.upgrade(chat("dave"));
        assertEquals(409, impostor.status(), impostor.toText());
        assertEquals("Conflict", impostor.reason());
        assertTrue(impostor.headers().first("X-Parley-Error").orElse("").contains("\"dave\" is connected already"),
                impostor.toText());
        assertFalse(impostor.headers().contains("Sec-WebSocket-Accept"), "nothing was upgraded");

        dave.close();
        // The server hears of the close a moment later: poll until the name is given again, within a deadline.
        long deadline = System.nanoTime() + WAIT.toNanos();
        UpgradeResponse again;
        do {
            again = Upgrades.upgrade(chat("dave"));
        } while (again.status() == 409 && System.nanoTime() < deadline);
        assertEquals(101, again.status(), "the name is free after its session closed: " + again.toText());
    }

    @Test
    void aClientOfferingTheParleyProtocolGetsTheReasonAndClose4409() throws Exception {
        try (ChatClient erin = ChatClient.connect(chat("erin"));
             RawClient impostor = RawClient.connect(chat("erin"), WAIT, MaskKeys.secure(),
                     HttpHeaders.of("Sec-WebSocket-Protocol", "parley"))) {
            assertEquals("parley", impostor.handshake().headers().first("Sec-WebSocket-Protocol").orElse(""));
            RawClient.Received error = impostor.read();
            assertEquals(Opcode.TEXT, error.frame().opcode());
            JsonObject json = Json.createReader(new StringReader(error.frame().payload().utf8())).readObject();
            assertEquals("error", json.getString("type"));
            assertEquals("name_taken", json.getString("code"));
            assertEquals(409, json.getInt("status"));
            RawClient.Received close = impostor.read();
            assertEquals(Opcode.CLOSE, close.frame().opcode());
            assertEquals(new CloseStatus(4409, "name_taken"), CloseStatus.parse(close.frame().payload()));
            erin.ok("{\"type\":\"join\",\"room\":\"erins\"}"); // the real Erin is unharmed
        }
    }

    @Test
    void ofTwoRacingHandshakesForOneNameExactlyOneWins() throws Exception {
        ExecutorService racers = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < RACES; round++) {
                URI uri = chat("racer" + round);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Outcome>> outcomes = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    outcomes.add(racers.submit(() -> {
                        go.await();
                        return Outcome.of(uri);
                    }));
                }
                go.countDown();
                List<Outcome> results = new ArrayList<>();
                for (Future<Outcome> outcome : outcomes) {
                    results.add(outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS));
                }
                assertEquals(1, results.stream().filter(Outcome::won).count(), "round " + round + ": " + results);
                for (Outcome result : results) {
                    result.close();
                }
            }
        } finally {
            racers.shutdownNow();
        }
    }

    /** One racer's result: welcomed (won, holding its connection), or refused with 409 / close 4409. */
    private record Outcome(boolean won, String how, RawClient client) {
        static Outcome of(URI uri) throws Exception {
            RawClient client;
            try {
                client = RawClient.connect(uri, WAIT);
            } catch (HandshakeRejected refused) {
                assertTrue(refused.reason().contains("409"), refused.reason());
                return new Outcome(false, "409", null);
            }
            RawClient.Received first = client.read();
            String text = first.frame().payload().utf8();
            JsonObject json = Json.createReader(new StringReader(text)).readObject();
            if (json.getString("type").equals("welcome")) {
                return new Outcome(true, "welcome", client);
            }
            assertEquals("name_taken", json.getString("code"), text); // lost after both passed the handshake
            assertEquals(4409, CloseStatus.parse(client.read().frame().payload()).code());
            client.close();
            return new Outcome(false, "4409", null);
        }

        void close() throws Exception {
            if (client != null) {
                client.close();
            }
        }
    }
}

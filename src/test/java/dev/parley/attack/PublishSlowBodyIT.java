package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.json.JsonText;
import dev.parley.client.RecordingClient;

/**
 * Issue 11, finding 2: POSTs that announce a body and never send it used to hold the selector threads (a blocking
 * read), so four of them froze {@code /health} and every handshake, even with the publish API off.
 */
class PublishSlowBodyIT {
    private static final String KEY = "attack-test-key-0123456789";
    private static final String PATH = "/api/rooms/lobby/messages";
    private static final int ATTACKERS = 16;
    private static final Duration AT_ONCE = Duration.ofSeconds(1);
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(3);

    @Test
    void withTheApiOffBodylessPostsGet404AtOnceAndNothingWaits() throws Exception {
        try (AttackedServer server = AttackedServer.start()) {
            List<RawHttp> attackers = new ArrayList<>();
            try {
                for (int i = 0; i < ATTACKERS; i++) {
                    attackers.add(RawHttp.open(server.port())
                            .send(RawHttp.postHead(PATH, "Bearer " + KEY, 65536)));
                }
                for (RawHttp attacker : attackers) {
                    assertTrue(attacker.statusLine(AT_ONCE).startsWith("HTTP/1.1 404 "));
                }
                server.assertHealthy();
                server.assertEchoWorks();
            } finally {
                closeAll(attackers);
            }
            assertEquals(ATTACKERS, Scrape.of(server).value("parley_http_refused_total{status=\"404\"}"));
            server.assertHeapAfterGcBelow(40 << 20);
            server.assertStopsCleanlyOnSigterm();
        }
    }

    @Test
    void withTheApiOnBodiesThatNeverComeGet408AtTheDeadlineWhileEveryoneElseIsServed() throws Exception {
        try (AttackedServer server = AttackedServer.start("--api-key", KEY,
                "--http-body-timeout", Long.toString(BODY_TIMEOUT.toMillis()))) {
            // The cheap checks need no body: a wrong key and an announced body over the limit are answered at once.
            try (RawHttp wrongKey = RawHttp.open(server.port())) {
                assertTrue(wrongKey.send(RawHttp.postHead(PATH, "Bearer wrong", 65536)).statusLine(AT_ONCE)
                        .startsWith("HTTP/1.1 401 "));
            }
            try (RawHttp tooLarge = RawHttp.open(server.port())) {
                assertTrue(tooLarge.send(RawHttp.postHead(PATH, "Bearer " + KEY, 65537)).statusLine(AT_ONCE)
                        .startsWith("HTTP/1.1 413 "));
            }

            List<RawHttp> attackers = new ArrayList<>();
            try (RecordingClient reader = RecordingClient.connect(server.uri("ws", "/chat?name=reader"))) {
                reader.send("{\"type\":\"join\",\"room\":\"lobby\"}");
                for (int i = 0; i < ATTACKERS; i++) {
                    attackers.add(RawHttp.open(server.port())
                            .send(RawHttp.postHead(PATH, "Bearer " + KEY, 65536)));
                }
                // While all of them wait for their bodies:
                server.assertHealthy();
                server.assertEchoWorks();
                HttpResponse<String> normal = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                server.uri("http", PATH)).header("Authorization", "Bearer " + KEY)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"still publishing\"}"))
                                .timeout(AT_ONCE).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(202, normal.statusCode(), normal.body());
                awaitText(reader, "still publishing");

                for (RawHttp attacker : attackers) {
                    String answer = attacker.readToClose(BODY_TIMEOUT.plusSeconds(5));
                    Duration waited = attacker.age();
                    assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
                    assertEquals("body_timeout", JsonText.readObject(answer.substring(answer.indexOf("\r\n\r\n") + 4))
                            .getString("code"), answer);
                    assertTrue(waited.compareTo(BODY_TIMEOUT.minusMillis(200)) >= 0, "408 after " + waited);
                }
            } finally {
                closeAll(attackers);
            }
            assertEquals(ATTACKERS, Scrape.of(server).value("parley_http_refused_total{status=\"408\"}"));
            String log = Logs.awaitLines(server, l -> l.contains("event=http_body_timeout"), ATTACKERS, Duration.ofSeconds(10));
            assertEquals(ATTACKERS, log.lines().filter(l -> l.contains("event=http_body_timeout")).count());
            server.assertHealthy();
            server.assertHeapAfterGcBelow(40 << 20);
            server.assertStopsCleanlyOnSigterm();
        }
    }

    private static void awaitText(RecordingClient client, String text) throws InterruptedException {
        for (int i = 0; i < 10; i++) { // join's ok, then the message; anything else is a failure to show
            Object next = client.next();
            if (next instanceof String s && s.contains(text)) {
                return;
            }
        }
        throw new AssertionError("no message with '" + text + "'");
    }

    private static void closeAll(List<RawHttp> connections) throws Exception {
        for (RawHttp connection : connections) {
            connection.close();
        }
    }
}

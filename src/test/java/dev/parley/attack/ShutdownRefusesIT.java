package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.Test;

import dev.parley.chat.ChatClient;
import dev.parley.client.RawClient;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.HttpHeaders;
import dev.parley.wire.Opcode;
import dev.parley.wire.UpgradeResponse;

/**
 * Issue 12, "Shutdown admits newcomers": after SIGTERM, a client connecting gets 503 with Retry-After and never a
 * welcome, /health says STOPPING during the grace, members get 1001 without presence, and the log shows the shutdown
 * (start, the 1001 closes, end). The server is a separate process; a connection that has sent half a request head
 * (answered only at the 10 s head deadline) keeps it in its grace, so the test can look at it while it stops.
 */
class ShutdownRefusesIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void newcomersGet503AndTheLogShowsTheShutdown() throws Exception {
        try (AttackedServer server = AttackedServer.start("--shutdown-grace", "6000");
             RawClient echo = RawClient.connect(server.uri("ws", "/echo"), WAIT);
             Socket stubborn = new Socket("127.0.0.1", server.port());
             ChatClient alice = ChatClient.connect(server.uri("ws", "/chat?name=alice"));
             ChatClient carol = ChatClient.connect(server.uri("ws", "/chat?name=carol"))) {
            stubborn.getOutputStream().write("GET /health HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            stubborn.getOutputStream().flush();
            alice.ok("{\"type\":\"join\",\"room\":\"lobby\"}");
            carol.ok("{\"type\":\"join\",\"room\":\"lobby\"}");
            assertEquals("join", alice.next("presence").getString("event"));

            ProcessHandle.of(server.pid()).orElseThrow().destroy(); // SIGTERM

            // /health: 503 STOPPING, from the first moment (polled: the signal takes a moment to arrive).
            HttpResponse<String> health = awaitHealth(server, 503);
            assertEquals("{\"status\":\"STOPPING\"}", health.body());
            assertEquals(Optional.of("6"), health.headers().firstValue("Retry-After"));

            // A newcomer: 503 with Retry-After, no upgrade, hence no welcome.
            UpgradeResponse upgrade = RawClient.tryUpgrade(server.uri("ws", "/chat?name=bob"),
                    HttpHeaders.of("Origin", "http://127.0.0.1:" + server.port()), WAIT);
            assertEquals(503, upgrade.status(), upgrade.toText());
            assertEquals(Optional.of("6"), upgrade.headers().first("Retry-After"));
            assertFalse(upgrade.headers().contains("Sec-WebSocket-Accept"), "nothing was upgraded");
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(server.uri("http", "/")).timeout(WAIT)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, page.statusCode());
            assertTrue(page.headers().firstValue("Retry-After").isPresent());

            // The members: 1001, and nobody is told the other "left" (the server goes away for everyone).
            for (ChatClient member : new ChatClient[] {alice, carol}) {
                CloseReason reason = member.awaitClose();
                assertEquals(CloseReason.CloseCodes.GOING_AWAY, reason.getCloseCode());
                assertEquals(0, member.ws().pending(), "no presence after the 1001");
            }
            // Still in the grace (the stubborn connection is open): /health still says so.
            assertEquals(503, awaitHealth(server, 503).statusCode());

            assertTrue(ProcessHandle.of(server.pid()).map(p -> p.onExit()).orElseThrow()
                    .get(20, java.util.concurrent.TimeUnit.SECONDS) != null);
            String log = server.log();
            Matcher start = Pattern.compile("event=shutdown-start sessions=3 connections=\\d+ grace_ms=6000")
                    .matcher(log);
            assertTrue(start.find(), log);
            assertEquals(3, count(log, "event=close session=\\S+ code=1001 "), log);
            RawClient.Received close = echo.read(); // the raw client never answers: the server closes it anyway
            assertEquals(Opcode.CLOSE, close.frame().opcode());
            assertEquals(1001, CloseStatus.parse(close.frame().payload()).code());
            Matcher end = Pattern.compile("event=shutdown-end sessions_closed=3 connections_cut=([1-9]\\d*) refused=(\\d+)")
                    .matcher(log);
            assertTrue(end.find(), log);
            assertTrue(Integer.parseInt(end.group(2)) >= 2, "the upgrade and the page were refused: " + end.group());
            assertTrue(log.indexOf("event=shutdown-start") < log.indexOf("code=1001")
                    && log.lastIndexOf("code=1001") < log.indexOf("event=shutdown-end"), log);
            assertEquals(3, count(log, "event=open "), "nobody was let in after SIGTERM:\n" + log);
        }
    }

    /** Polls {@code /health} until it answers {@code status}; stops polling at the deadline. */
    private static HttpResponse<String> awaitHealth(AttackedServer server, int status) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = HTTP.send(HttpRequest.newBuilder(server.uri("http", "/health")).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (last.statusCode() == status) {
                return last;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("/health never answered " + status + "; last: " + (last == null ? "none"
                : last.statusCode() + " " + last.body()));
    }

    private static int count(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }
}

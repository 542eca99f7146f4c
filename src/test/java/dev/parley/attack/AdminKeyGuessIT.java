package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * An attacker guessing the admin key (docs/limits.md, "Admin"): from one address, the first 10 wrong keys are 403,
 * every request after them 429 with {@code Retry-After} (even with the right key), one log line for the first wrong
 * key and one for the lockout; the right key from another address still works; then wrong keys from more addresses
 * than the table holds (1,024), one each: the table stays bounded, the server healthy and its heap small. Every
 * refusal is counted exactly in {@code parley_admin_refused_total{reason}}.
 */
class AdminKeyGuessIT {
    private static final String KEY = "guess-me-if-you-can-0123456789";
    private static final int GUESSES = 200;
    private static final int MAX_FAILURES = 10;
    private static final int ADDRESSES = 1_100;
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);
    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3})");
    private static final Pattern RETRY_AFTER = Pattern.compile("(?im)^Retry-After: *(\\d+)\\r?$");

    @Test
    void guessesAreCutOffPerAddressAndTheAdminStillGetsIn() throws Exception {
        try (AttackedServer server = AttackedServer.start("--admin-key", KEY)) {
            for (int i = 0; i < GUESSES; i++) {
                String answer = overview(server, "127.0.0.3", "Bearer wrong-guess-" + i);
                int status = status(answer);
                if (i < MAX_FAILURES) {
                    assertEquals(403, status, "guess " + i + ":\n" + answer);
                } else {
                    assertEquals(429, status, "guess " + i + ":\n" + answer);
                    Matcher retry = RETRY_AFTER.matcher(answer);
                    assertTrue(retry.find(), answer);
                    long seconds = Long.parseLong(retry.group(1));
                    assertTrue(seconds >= 1 && seconds <= 60, answer);
                    assertTrue(!answer.contains("\"rooms\""), "no data in a refusal: " + answer);
                }
            }
            assertEquals(429, status(overview(server, "127.0.0.3", "Bearer " + KEY)), "locked out, key or not");
            String admin = overview(server, "127.0.0.2", "Bearer " + KEY);
            assertEquals(200, status(admin), admin);
            assertTrue(admin.contains("\"type\":\"overview\""), admin);

            for (int a = 0; a < ADDRESSES; a++) {
                String from = "127.0.1" + (a / 250) + "." + (1 + a % 250);
                assertEquals(403, status(overview(server, from, "Bearer wrong")), "from " + from);
            }
            assertEquals(200, status(overview(server, "127.0.0.2", "Bearer " + KEY)));
            server.assertHealthy();

            Scrape scrape = Scrape.of(server);
            assertEquals(MAX_FAILURES + ADDRESSES,
                    scrape.value("parley_admin_refused_total{reason=\"wrong_key\"}"), scrape.toString());
            assertEquals(GUESSES - MAX_FAILURES + 1,
                    scrape.value("parley_admin_refused_total{reason=\"locked_out\"}"), scrape.toString());
            Logs.await(server, "event=admin-locked-out peer=127.0.0.3", Duration.ofSeconds(10));
            Logs.awaitCount(server, "event=admin-refused peer=127.0.0.3 ", 1, Duration.ofSeconds(10));
            Logs.awaitCount(server, "event=admin-locked-out", 1, Duration.ofSeconds(10));
            String log = Logs.awaitCount(server, "why=wrong_key", 1 + ADDRESSES, Duration.ofSeconds(10));
            assertEquals(1, count(log, "event=admin-refused peer=127.0.0.3 "), "one line for the burst");
            assertEquals(1, count(log, "event=admin-locked-out"));
            assertEquals(1 + ADDRESSES, count(log, "why=wrong_key"));
            server.assertHeapAfterGcBelow(40 << 20);
        }
    }

    /** {@code GET /admin/api/overview} on a new connection from {@code from}: the whole answer. */
    private static String overview(AttackedServer server, String from, String authorization) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            socket.setSoTimeout((int) ANSWER_WITHIN.toMillis());
            String request = "GET /admin/api/overview HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                    + "\r\nAuthorization: " + authorization + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int status(String answer) {
        Matcher status = STATUS.matcher(answer);
        assertTrue(status.find(), "no status line: " + answer);
        return Integer.parseInt(status.group(1));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}

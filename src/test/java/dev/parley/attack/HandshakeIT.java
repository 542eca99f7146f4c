package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.Test;

import dev.parley.client.RawClient;
import dev.parley.client.RecordingClient;
import dev.parley.metrics.Scrape;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.Frame;
import dev.parley.wire.HttpHead;
import dev.parley.wire.Opcode;
import dev.parley.wire.UpgradeResponse;

/**
 * Finding 8 of issue 11, the handshake: the origin policy on every endpoint (scheme, host and port; never the Host
 * header), the Sec-WebSocket-Key and -Version rules, the per-address session cap visible in logs and metrics, and
 * close-code labels a client cannot multiply. Meanwhile {@code /health} answers within a second.
 */
class HandshakeIT {
    private static final List<String> ENDPOINTS = List.of("/chat?name=alice", "/echo", "/broadcast");
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final long HEAP_BOUND = 48L << 20;

    /** The server's {@code /metrics} samples by name and labels. */
    private static Map<String, Double> metrics(AttackedServer server) throws Exception {
        return Scrape.of(server.uri("http", "/metrics"));
    }

    /** {@code endpoint}, with {@code n} appended to the chat's name (names are held by one connection at a time). */
    private static String named(String endpoint, int n) {
        return endpoint.startsWith("/chat?name=") ? endpoint + n : endpoint;
    }

    /** Sends {@code head} as it is and returns the server's answer to it. */
    private static UpgradeResponse send(AttackedServer server, String head) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            ByteBuffer received = ByteBuffer.allocate(HttpHead.MAX_HEAD);
            InputStream in = socket.getInputStream();
            while (HttpHead.length(received.array(), 0, received.position()) < 0) {
                int b = in.read();
                assertTrue(b >= 0, "the server closed without answering: " + head);
                received.put((byte) b);
            }
            return UpgradeResponse.parse(received.array(), 0, received.position());
        }
    }

    private static String upgrade(String target, String host, String... extraLines) {
        StringBuilder head = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: " + host
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n");
        for (String line : extraLines) {
            head.append(line).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    private static void assertRefused(int status, String reason, UpgradeResponse response) {
        assertEquals(status, response.status(), response.toText());
        assertEquals(reason, response.headers().first("X-Parley-Error").orElse(""), response.toText());
        assertFalse(response.headers().contains("Sec-WebSocket-Accept"), response.toText());
    }

    @Test
    void theOriginIsComparedAsSchemeHostAndPortOnEveryEndpointNeverWithHost() throws Exception {
        try (AttackedServer server = AttackedServer.start()) {
            String own = "127.0.0.1:" + server.port();
            for (String endpoint : ENDPOINTS) {
                String key = "Sec-WebSocket-Key: " + KEY;
                String version = "Sec-WebSocket-Version: 13";
                // The same host and port over https: another origin (RFC 6454 §5).
                assertRefused(403, "origin https://" + own + " is not allowed", send(server,
                        upgrade(endpoint, own, key, version, "Origin: https://" + own)));
                // DNS rebinding: the attacker's name resolves here; its page's Origin and Host agree.
                String rebound = "rebind.example:" + server.port();
                assertRefused(403, "origin http://" + rebound + " is not allowed", send(server,
                        upgrade(endpoint, rebound, key, version, "Origin: http://" + rebound)));
                // The server's own origin, and no Origin at all (not a browser), upgrade.
                // (Each chat upgrade under its own name: open mode holds a name for one connection at a time.)
                assertEquals(101, send(server, upgrade(named(endpoint, 1), own, key, version,
                        "Origin: http://" + own)).status());
                assertEquals(101, send(server, upgrade(named(endpoint, 2), "localhost:" + server.port(), key, version,
                        "Origin: http://localhost:" + server.port())).status());
                assertEquals(101, send(server, upgrade(named(endpoint, 3), own, key, version)).status());
            }
            Map<String, Double> metrics = metrics(server);
            assertEquals(6, (double) metrics.getOrDefault("parley_bad_requests_total{kind=\"origin\"}", 0.0));
            assertEquals(6, (double) metrics.getOrDefault("parley_handshakes_refused_total{status=\"403\"}", 0.0));
            String log = Logs.awaitCount(server, "status=403 kind=origin", 6, Duration.ofSeconds(5));
            assertEquals(6, log.lines().filter(line -> line.contains("event=refuse")
                    && line.contains("status=403 kind=origin")).count(), log);

            server.assertHealthy();
            server.assertEchoWorks();
            server.assertHeapAfterGcBelow(HEAP_BOUND);
            server.assertStopsCleanlyOnSigterm();
        }
    }

    @Test
    void aShortKeyIs400AndAMissingVersion426WithTheVersionBeforeTyrusSeesThem() throws Exception {
        try (AttackedServer server = AttackedServer.start()) {
            String host = "127.0.0.1:" + server.port();
            for (String endpoint : ENDPOINTS) {
                // RFC 6455 §4.1: "a randomly selected 16-byte value that has been base64-encoded"; AQID is 3 bytes.
                assertRefused(400, "Sec-WebSocket-Key is not 16 bytes in base64", send(server,
                        upgrade(endpoint, host, "Sec-WebSocket-Key: AQID", "Sec-WebSocket-Version: 13")));
                // Tyrus answered 500 here. RFC 6455 §4.2.2: 426 and the versions the server understands.
                UpgradeResponse noVersion = send(server, upgrade(endpoint, host, "Sec-WebSocket-Key: " + KEY));
                assertRefused(426, "no Sec-WebSocket-Version", noVersion);
                assertEquals("13", noVersion.headers().first("Sec-WebSocket-Version").orElse(""));
                assertRefused(426, "Sec-WebSocket-Version is 8, not 13", send(server,
                        upgrade(endpoint, host, "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 8")));
            }
            Map<String, Double> metrics = metrics(server);
            assertEquals(9, (double) metrics.getOrDefault("parley_bad_requests_total{kind=\"handshake\"}", 0.0));
            assertEquals(3, (double) metrics.getOrDefault("parley_handshakes_refused_total{status=\"400\"}", 0.0));
            assertEquals(6, (double) metrics.getOrDefault("parley_handshakes_refused_total{status=\"426\"}", 0.0));
            String log = Logs.awaitLines(server, line -> line.contains("kind=handshake"), 9, Duration.ofSeconds(10));
            assertEquals(9, log.lines().filter(line -> line.contains("kind=handshake")).count(), log);
            assertFalse(log.contains("\tat ") || log.contains("Exception"), log);

            server.assertHealthy();
            server.assertEchoWorks();
            server.assertHeapAfterGcBelow(HEAP_BOUND);
            server.assertStopsCleanlyOnSigterm();
        }
    }

    @Test
    void sessionsOverThePerAddressCapAreClosed1013LoggedAndCounted() throws Exception {
        try (AttackedServer server = AttackedServer.start("--max-connections-per-address", "3")) {
            List<RecordingClient> allowed = new ArrayList<>();
            try {
                for (int n = 0; n < 3; n++) {
                    allowed.add(RecordingClient.connect(server.uri("ws", n == 0 ? "/chat?name=c0" : "/echo")));
                }
                for (String endpoint : ENDPOINTS) {
                    try (RecordingClient over = RecordingClient.connect(server.uri("ws", endpoint))) {
                        assertEquals(CloseReason.CloseCodes.TRY_AGAIN_LATER, over.awaitClose().getCloseCode());
                    }
                }
                allowed.get(1).send("still open");
                assertEquals("still open", allowed.get(1).nextText());
            } finally {
                for (RecordingClient client : allowed) {
                    client.close();
                }
            }
            assertEquals(3, (double) metrics(server).getOrDefault("parley_sessions_closed_total{code=\"1013\"}", 0.0));
            String log = Logs.awaitLines(server, line -> line.contains("event=refuse") && line.contains("code=1013")
                    && line.contains("peer=127.0.0.1"), 3, Duration.ofSeconds(10));
            assertEquals(3, log.lines().filter(line -> line.contains("event=refuse") && line.contains("code=1013")
                    && line.contains("peer=127.0.0.1")).count(), log);
            // The closed sessions no longer count: once the server has seen them go, a new one is served.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (metrics(server).getOrDefault("parley_sessions_open", 0.0) > 0) {
                assertTrue(System.nanoTime() < deadline, "sessions still open 20 s after their clients closed");
                Thread.onSpinWait();
            }
            server.assertHealthy();
            server.assertEchoWorks();
            server.assertHeapAfterGcBelow(HEAP_BOUND);
            server.assertStopsCleanlyOnSigterm();
        }
    }

    /** Finding 8 also: the slow-consumer line printed queued_bytes=0, the counters read after the release. */
    @Test
    void theSlowConsumerLineShowsTheQueueTheBoundWasCheckedAgainst() throws Exception {
        try (AttackedServer server = AttackedServer.start()) {
            String text = "z".repeat(64 * 1024);
            try (RawClient stalled = RawClient.connect(server.uri("ws", "/echo"), Duration.ofSeconds(10))) {
                // Never reads: the echoes fill the socket buffers, then the 1 MiB outbound queue (1008).
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                for (int n = 0; !server.log().contains("event=slow-consumer"); n++) {
                    assertTrue(System.nanoTime() < deadline, "no slow-consumer close after " + n + " echoes");
                    try {
                        stalled.send(Frame.text(text));
                    } catch (IOException closedMeanwhile) {
                        break;
                    }
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!server.log().contains("event=slow-consumer")) {
                assertTrue(System.nanoTime() < deadline, "no slow-consumer line:\n" + server.log());
                Thread.onSpinWait();
            }
            String line = server.log().lines().filter(l -> l.contains("event=slow-consumer")).findFirst()
                    .orElseThrow();
            Matcher bytes = Pattern.compile("queued_bytes=(\\d+) message_bytes=(\\d+)"
                    + " max_messages=1024 max_bytes=1048576").matcher(line);
            assertTrue(bytes.find(), line);
            // Over the bound with the refused message, which is at most one echo.
            assertTrue(Long.parseLong(bytes.group(1)) > 1L << 20, line);
            assertEquals(text.length(), Integer.parseInt(bytes.group(2)), line);

            server.assertHealthy();
            server.assertEchoWorks();
            server.assertHeapAfterGcBelow(HEAP_BOUND);
            server.assertStopsCleanlyOnSigterm();
        }
    }

    @Test
    void closeCodesChosenByClientsLandInABoundedLabelSet() throws Exception {
        try (AttackedServer server = AttackedServer.start()) {
            Random random = new Random(11);
            int clients = 300;
            for (int n = 0; n < clients; n++) {
                int code = 3000 + random.nextInt(2000); // 3000-4999: any application or private-use code
                try (RawClient client = RawClient.connect(server.uri("ws", "/echo"), Duration.ofSeconds(10))) {
                    client.send(Frame.close(new CloseStatus(code, "")));
                    Frame answer = client.read().frame();
                    assertEquals(Opcode.CLOSE, answer.opcode());
                }
            }
            Map<String, Double> closed = new TreeMap<>(metrics(server));
            closed.keySet().removeIf(name -> !name.startsWith("parley_sessions_closed_total{"));
            assertTrue(closed.size() <= 17, "close-code series: " + closed.keySet());
            assertTrue(closed.getOrDefault("parley_sessions_closed_total{code=\"other\"}", 0.0) >= clients - 5,
                    closed.toString());

            server.assertHealthy();
            server.assertEchoWorks();
            server.assertHeapAfterGcBelow(HEAP_BOUND);
            server.assertStopsCleanlyOnSigterm();
        }
    }
}

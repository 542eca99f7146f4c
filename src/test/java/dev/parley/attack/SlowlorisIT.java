package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.client.RecordingClient;

/**
 * Issue 11, finding 7: 300 request heads that never end stayed open for as long as their senders liked. Now a
 * connection has {@code --http-head-timeout} from accept to a complete head, however slowly it keeps sending.
 */
class SlowlorisIT {
    private static final int ATTACKERS = 300;
    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(3);
    /** The guard's timer ticks at a tenth of the shortest deadline; this much more is allowed. */
    private static final Duration SLACK = Duration.ofSeconds(2);

    @Test
    void unfinishedHeadsAreClosedAtTheDeadlineWhileHealthAndHandshakesWork() throws Exception {
        try (AttackedServer server = AttackedServer.start("--http-head-timeout",
                Long.toString(HEAD_TIMEOUT.toMillis()))) {
            List<Slow> attackers = new ArrayList<>();
            try {
                for (int i = 0; i < ATTACKERS; i++) {
                    attackers.add(new Slow(server.port()));
                }
                server.assertHealthy();
                server.assertEchoWorks();

                long end = System.nanoTime() + HEAD_TIMEOUT.plus(SLACK).plus(SLACK).toNanos();
                int line = 0;
                while (attackers.stream().anyMatch(Slow::open) && System.nanoTime() < end) {
                    for (Slow attacker : attackers) {
                        attacker.trickle("X-Slow-" + line + ": still coming\r\n");
                    }
                    line++;
                    Thread.sleep(200); // the attacker's pace, not a wait for the server: the loop polls the closes
                }
                for (Slow attacker : attackers) {
                    assertTrue(attacker.closedAfter != null, "a slow head was still open after " + line + " lines");
                    assertTrue(attacker.closedAfter.compareTo(HEAD_TIMEOUT.minusMillis(100)) >= 0,
                            "closed before the deadline: " + attacker.closedAfter);
                    assertTrue(attacker.closedAfter.compareTo(HEAD_TIMEOUT.plus(SLACK)) <= 0,
                            "closed late: " + attacker.closedAfter);
                }
            } finally {
                for (Slow attacker : attackers) {
                    attacker.channel.close();
                }
            }
            assertEquals(ATTACKERS,
                    Scrape.of(server).value("parley_connections_dropped_total{reason=\"head_timeout\"}"));
            Logs.await(server, "event=connections_dropped head_timeout=", Duration.ofSeconds(3));
            server.assertHealthy();
            server.assertHeapAfterGcBelow(40 << 20);
            server.assertStopsCleanlyOnSigterm();
        }
    }

    @Test
    void anAnsweredConnectionIsClosedWhenIdleButAnIdleWebSocketNever() throws Exception {
        Duration idleTimeout = Duration.ofSeconds(2);
        try (AttackedServer server = AttackedServer.start("--http-head-timeout", "1000",
                "--http-idle-timeout", Long.toString(idleTimeout.toMillis()))) {
            try (RecordingClient websocket = RecordingClient.connect(server.uri("ws", "/echo"));
                 RawHttp keptAlive = RawHttp.open(server.port())) {
                keptAlive.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                assertEquals("HTTP/1.1 200 OK", keptAlive.statusLine(Duration.ofSeconds(1)));
                long answered = System.nanoTime();
                keptAlive.readToClose(idleTimeout.plus(SLACK).plus(SLACK));
                Duration idle = Duration.ofNanos(System.nanoTime() - answered);
                assertTrue(idle.compareTo(idleTimeout.minusMillis(100)) >= 0, "closed before the deadline: " + idle);
                assertTrue(idle.compareTo(idleTimeout.plus(SLACK)) <= 0, "closed late: " + idle);

                // The WebSocket has been idle past both deadlines, and is still open and served.
                websocket.send("after the deadlines");
                assertEquals("after the deadlines", websocket.nextText());
            }
            // This one, and the kept-alive connection of the fixture's readiness poll.
            assertTrue(Scrape.of(server).value("parley_connections_dropped_total{reason=\"idle_timeout\"}") >= 1);
            server.assertHeapAfterGcBelow(40 << 20);
            server.assertStopsCleanlyOnSigterm();
        }
    }

    /** One connection sending a head that never ends; notices when the server closes it. */
    private static final class Slow {
        private final SocketChannel channel;
        private final long opened = System.nanoTime();
        private final ByteBuffer sink = ByteBuffer.allocate(1024);
        private Duration closedAfter;

        Slow(int port) throws IOException {
            channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channel.write(ByteBuffer.wrap("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    .getBytes(StandardCharsets.US_ASCII)));
            channel.configureBlocking(false);
        }

        boolean open() {
            return closedAfter == null;
        }

        /** Sends one more header line, and checks whether the server has closed the connection. */
        void trickle(String headerLine) {
            if (!open()) {
                return;
            }
            try {
                sink.clear();
                if (channel.read(sink) < 0) {
                    closed();
                    return;
                }
                channel.write(ByteBuffer.wrap(headerLine.getBytes(StandardCharsets.US_ASCII)));
            } catch (IOException reset) {
                closed();
            }
        }

        private void closed() {
            closedAfter = Duration.ofNanos(System.nanoTime() - opened);
        }
    }
}

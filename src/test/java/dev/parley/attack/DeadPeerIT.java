package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.parley.client.RawClient;
import dev.parley.client.RecordingClient;
import dev.parley.session.Liveness;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.Frame;
import dev.parley.wire.Opcode;

/**
 * Issue 13: a peer that stops answering (gone without a FIN, or a client that holds a connection and reads nothing)
 * is found on every endpoint, not only {@code /chat}. A raw client that never answers pings is closed with 4408
 * within interval + timeout (plus the sweep's ticks); a Tyrus client, which answers pings, is kept.
 */
class DeadPeerIT {
    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofMillis(1000);
    /** The sweep's tick (a quarter of the shorter): a ping and then its deadline are each found up to a tick late. */
    private static final Duration TICK = INTERVAL.dividedBy(4);
    /** Scheduling on a loaded machine: a server process in a JVM of its own, a shared CPU. */
    private static final Duration SLACK = Duration.ofMillis(1000);
    private static final Duration READ = Duration.ofSeconds(10);
    private static final String CLOSED_4408 = "parley_sessions_closed_total{code=\"4408\"}";

    private static AttackedServer server;

    @BeforeAll
    static void start() throws Exception {
        server = AttackedServer.start("--ping-interval", Long.toString(INTERVAL.toMillis()),
                "--ping-timeout", Long.toString(TIMEOUT.toMillis()));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            server.assertHealthy();
            server.assertEchoWorks();
            server.assertStopsCleanlyOnSigterm();
        } finally {
            server.close();
        }
    }

    @Test
    void aSilentPeerOnEchoIsClosedWith4408WhileATyrusClientStays() throws Exception {
        double closedBefore = Scrape.of(server).value(CLOSED_4408);
        try (RecordingClient healthy = RecordingClient.connect(server.uri("ws", "/echo"))) {
            assertDroppedWithinDeadline("/echo");
            // Connected before the silent one: pinged every interval since, all of them answered by Tyrus.
            assertTrue(healthy.session().isOpen(), "the client that answers pings was closed");
            healthy.send("still here");
            assertEquals("still here", healthy.nextText());
        }
        assertEquals(1.0, awaitMetricAbove(CLOSED_4408, closedBefore) - closedBefore, "closes with 4408 counted");
        Logs.await(server, "event=ping-timeout", Duration.ofSeconds(5));
        assertTrue(server.log().lines().anyMatch(line -> line.contains("event=ping-timeout")
                && line.contains("path=/echo") && line.contains("code=4408")), server.log());
    }

    @Test
    void aSilentPeerOnBroadcastIsClosedWith4408WhileATyrusClientStays() throws Exception {
        try (RecordingClient healthy = RecordingClient.connect(server.uri("ws", "/broadcast"))) {
            assertDroppedWithinDeadline("/broadcast");
            assertTrue(healthy.session().isOpen(), "the client that answers pings was closed");
            healthy.send("to everyone left");
            assertEquals("to everyone left", healthy.nextText());
        }
        Logs.await(server, "path=/broadcast code=4408", Duration.ofSeconds(5));
    }

    @Test
    void aRawPeerThatAnswersEveryPingIsKeptThroughSeveralIntervals() throws Exception {
        try (RawClient answering = RawClient.connect(server.uri("ws", "/echo"), READ)) {
            long start = System.nanoTime();
            int pings = 0;
            while (pings < 4) { // 4 intervals: past interval + timeout, when a silent peer is gone
                Frame frame = answering.read().frame();
                assertEquals(Opcode.PING, frame.opcode(), "only pings come to a peer that sends nothing");
                answering.send(Frame.pong(frame.payload()));
                pings++;
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(elapsed.compareTo(INTERVAL.multipliedBy(4).minus(TICK)) >= 0,
                    "4 pings in " + elapsed.toMillis() + " ms: more than one per interval");
            assertTrue(elapsed.compareTo(TIMEOUT.plus(INTERVAL)) > 0, "kept past its deadline had it been silent");
            answering.send(Frame.text("answered"));
            Frame echo = answering.read().frame();
            while (echo.opcode() == Opcode.PING) {
                answering.send(Frame.pong(echo.payload()));
                echo = answering.read().frame();
            }
            assertEquals("answered", echo.text());
        }
    }

    /** Polls {@code /metrics} until {@code series} is above {@code floor} (its close is counted on @OnClose). */
    private static double awaitMetricAbove(String series, double floor) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        double value = Scrape.of(server).value(series);
        while (value <= floor && System.nanoTime() < end) {
            Thread.sleep(50); // the poll interval: nothing tells a client when the server has counted
            value = Scrape.of(server).value(series);
        }
        return value;
    }

    /**
     * A raw client on {@code path} that reads but never answers: its first frame is a ping, about an interval after
     * it opened; a close with 4408 "ping timeout" follows, no sooner than interval + timeout and no later than that
     * plus two sweep ticks and the slack.
     */
    private static void assertDroppedWithinDeadline(String path) throws IOException {
        try (RawClient silent = RawClient.connect(server.uri("ws", path), READ)) {
            long start = System.nanoTime();
            Frame frame = silent.read().frame();
            assertEquals(Opcode.PING, frame.opcode(), "the server pings every endpoint's sessions");
            Duration firstPing = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(firstPing.compareTo(INTERVAL.minusMillis(100)) >= 0, "pinged after " + firstPing.toMillis()
                    + " ms, before the interval");
            while (frame.opcode() == Opcode.PING) { // never answered
                frame = silent.read().frame();
            }
            Duration closed = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(Opcode.CLOSE, frame.opcode());
            assertEquals(new CloseStatus(Liveness.PING_TIMEOUT, "ping timeout"), frame.closeStatus());
            Duration deadline = INTERVAL.plus(TIMEOUT);
            assertTrue(closed.compareTo(deadline.minusMillis(100)) >= 0,
                    "closed after " + closed.toMillis() + " ms, before interval + timeout");
            assertTrue(closed.compareTo(deadline.plus(TICK).plus(TICK).plus(SLACK)) <= 0,
                    "closed after " + closed.toMillis() + " ms, later than interval + timeout + 2 ticks + slack");
        }
    }
}

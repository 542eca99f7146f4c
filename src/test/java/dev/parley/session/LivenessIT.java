package dev.parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.chat.ChatConfig;
import dev.parley.client.RawClient;
import dev.parley.client.RecordingClient;
import dev.parley.deploy.ParleyTarget;
import dev.parley.deploy.TestDeployment;
import dev.parley.metrics.Scrape;
import dev.parley.server.Config;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.Frame;
import dev.parley.wire.Opcode;

/**
 * Issue 13: a peer that stops answering (gone without a FIN, or a client that holds a connection and reads nothing)
 * is found on every endpoint, not only {@code /chat}, embedded and in the WAR. A raw client that never answers pings
 * is closed with 4408 within interval + timeout (plus the sweep's ticks); a Tyrus client, which answers pings, is kept.
 */
@Tag("portable")
class LivenessIT {
    private static final ChatConfig PINGS = TestDeployment.PINGS.apply(Config.defaults()).chat();
    private static final Duration INTERVAL = PINGS.pingInterval();
    private static final Duration TIMEOUT = PINGS.pingTimeout();
    /** The sweep's tick (a quarter of the shorter): a ping and then its deadline are each found up to a tick late. */
    private static final Duration TICK = Duration.ofMillis(Liveness.tickMillis(INTERVAL, TIMEOUT));
    /** Scheduling on a loaded machine (a shared CPU, an app server's threads). */
    private static final Duration SLACK = Duration.ofMillis(1000);
    /** How early a ping or close may seem: the server opens the session around when the client has read the 101. */
    private static final Duration EARLY = Duration.ofMillis(100);
    private static final Duration READ = Duration.ofSeconds(10);
    private static final String CLOSED_4408 = "parley_sessions_closed_total{code=\"4408\"}";

    @RegisterExtension
    static final ParleyTarget server = ParleyTarget.of(TestDeployment.PINGS);

    @Test
    void aSilentPeerOnEchoIsClosedWith4408WhileATyrusClientStays() throws Exception {
        double closedBefore = Scrape.of(server.http("/metrics")).getOrDefault(CLOSED_4408, 0.0);
        try (RecordingClient healthy = RecordingClient.connect(server.ws("/echo"))) {
            assertDroppedWithinDeadline("/echo");
            // Connected before the silent one: pinged every interval since, all of them answered by Tyrus.
            assertTrue(healthy.session().isOpen(), "the client that answers pings was closed");
            healthy.send("still here");
            assertEquals("still here", healthy.nextText());
        }
        assertEquals(1.0, awaitAbove(CLOSED_4408, closedBefore) - closedBefore, "the close with 4408 counted");
    }

    @Test
    void aSilentPeerOnBroadcastIsClosedWith4408WhileATyrusClientStays() throws Exception {
        try (RecordingClient healthy = RecordingClient.connect(server.ws("/broadcast"))) {
            assertDroppedWithinDeadline("/broadcast");
            assertTrue(healthy.session().isOpen(), "the client that answers pings was closed");
            healthy.send("to everyone left");
            assertEquals("to everyone left", healthy.nextText());
        }
    }

    @Test
    void aRawPeerThatAnswersEveryPingIsKeptThroughSeveralIntervals() throws Exception {
        try (RawClient answering = RawClient.connect(server.ws("/echo"), READ)) {
            long start = System.nanoTime();
            for (int pings = 0; pings < 4; pings++) { // 4 intervals: past interval + timeout, when a silent one is gone
                Frame frame = answering.read().frame();
                assertEquals(Opcode.PING, frame.opcode(), "only pings come to a peer that sends nothing");
                answering.send(Frame.pong(frame.payload()));
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(elapsed.compareTo(INTERVAL.multipliedBy(4).minus(EARLY)) >= 0,
                    "4 pings in " + elapsed.toMillis() + " ms: more than one per interval");
            answering.send(Frame.text("answered"));
            Frame echo = answering.read().frame();
            while (echo.opcode() == Opcode.PING) {
                answering.send(Frame.pong(echo.payload()));
                echo = answering.read().frame();
            }
            assertEquals("answered", echo.text());
        }
    }

    /** The one log line of a ping timeout, with the endpoint's path (the embedded server logs in this JVM). */
    @Test
    @Tag("embedded-only")
    void aPingTimeoutIsLoggedOnceWithItsPath() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(Liveness.class.getName());
        logger.addHandler(handler);
        try {
            assertDroppedWithinDeadline("/echo");
        } finally {
            logger.removeHandler(handler);
        }
        List<String> timeouts = lines.stream().filter(line -> line.startsWith("event=ping-timeout")).toList();
        assertEquals(1, timeouts.size(), lines.toString());
        assertTrue(timeouts.get(0).matches("event=ping-timeout session=\\S+ path=/echo code=4408 waited_ms=\\d+"),
                timeouts.get(0));
    }

    /**
     * A raw client on {@code path} that reads but never answers: its first frame is a ping, about an interval after
     * it opened; a close with 4408 "ping timeout" follows, no sooner than interval + timeout and no later than that
     * plus two sweep ticks and the slack.
     */
    private static void assertDroppedWithinDeadline(String path) throws IOException {
        try (RawClient silent = RawClient.connect(server.ws(path), READ)) {
            long start = System.nanoTime();
            Frame frame = silent.read().frame();
            assertEquals(Opcode.PING, frame.opcode(), "the server pings every endpoint's sessions");
            Duration firstPing = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(firstPing.compareTo(INTERVAL.minus(EARLY)) >= 0,
                    "pinged after " + firstPing.toMillis() + " ms, before the interval");
            while (frame.opcode() == Opcode.PING) { // never answered
                frame = silent.read().frame();
            }
            Duration closed = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(Opcode.CLOSE, frame.opcode());
            assertEquals(new CloseStatus(Liveness.PING_TIMEOUT, "ping timeout"), frame.closeStatus());
            Duration deadline = INTERVAL.plus(TIMEOUT);
            assertTrue(closed.compareTo(deadline.minus(EARLY)) >= 0,
                    "closed after " + closed.toMillis() + " ms, before interval + timeout");
            assertTrue(closed.compareTo(deadline.plus(TICK).plus(TICK).plus(SLACK)) <= 0,
                    "closed after " + closed.toMillis() + " ms, later than interval + timeout + 2 ticks + slack");
        }
    }

    /** Polls {@code /metrics} until {@code series} is above {@code floor} (a close is counted in @OnClose). */
    private static double awaitAbove(String series, double floor) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        double value = Scrape.of(server.http("/metrics")).getOrDefault(series, 0.0);
        while (value <= floor && System.nanoTime() < end) {
            Thread.sleep(50); // the poll interval: nothing tells a client when the server has counted
            value = Scrape.of(server.http("/metrics")).getOrDefault(series, 0.0);
        }
        return value;
    }
}

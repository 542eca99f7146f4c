package dev.parley.engineio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.websocket.DeploymentException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.client.RecordingClient;
import dev.parley.metrics.Scrape;
import dev.parley.server.ParleyServer;

/**
 * The Engine.IO series at {@code /metrics} of the embedded server, as deltas around what real clients do (the JDK
 * HttpClient polling, the Tyrus client for the WebSocket): a polling session that upgrades then closes, a ping
 * timeout, refused requests; and their log lines.
 */
class EngineMetricsIT {
    private static final Logger EVENTS = Logger.getLogger(EngineMetrics.class.getName());
    private static final String OPENED_POLLING = "parley_engineio_opened_total{transport=\"polling\"}";
    private static final String SESSIONS_POLLING = "parley_engineio_sessions{transport=\"polling\"}";
    private static final String SESSIONS_WEBSOCKET = "parley_engineio_sessions{transport=\"websocket\"}";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
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
    private ParleyServer server;

    @BeforeEach
    void listen() {
        EVENTS.addHandler(handler);
    }

    @AfterEach
    void stop() {
        EVENTS.removeHandler(handler);
        if (server != null) {
            server.stop();
        }
    }

    private Map<String, Double> scrape() throws Exception {
        return Scrape.of(server.uri("http", "/metrics"));
    }

    /** Scrapes until {@code series} has grown by {@code by} since {@code before} (the server counts on its own threads). */
    private Map<String, Double> awaitDelta(Map<String, Double> before, String series, double by) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Double> now = scrape();
        while (now.getOrDefault(series, 0.0) - before.getOrDefault(series, 0.0) < by
                && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling a condition with a deadline
            now = scrape();
        }
        assertEquals(by, Scrape.delta(before, now, series), series);
        return now;
    }

    @Test
    void aPollingSessionThatUpgradesThenCloses() throws Exception {
        server = EngineServers.echo(EngineConfig.DEFAULTS);
        Map<String, Double> before = scrape();
        Polling polling = new Polling(EngineServers.http(server));
        polling.open();
        assertEquals("ok", polling.post("4hello").body());
        assertEquals("4hello", polling.get().body());
        CompletableFuture<HttpResponse<String>> held = polling.getAsync();
        EngineServers.awaitHeld(server, polling.sid());
        try (RecordingClient ws = RecordingClient.connect(EngineServers.ws(server,
                "EIO=4&transport=websocket&sid=" + polling.sid()))) {
            assertEquals("6", held.join().body());
            ws.send("2probe");
            assertEquals("3probe", ws.nextText());
            ws.send("5");
            ws.send("4up");
            assertEquals("4up", ws.nextText()); // the upgrade is done once the echo comes over the WebSocket
            Map<String, Double> upgraded = scrape();
            assertEquals(1.0, upgraded.get(SESSIONS_WEBSOCKET));
            assertEquals(0.0, upgraded.get(SESSIONS_POLLING));
            ws.send("1");
            ws.awaitClose();
        }
        String closed = "parley_engineio_closed_total{reason=\"transport_close\",transport=\"websocket\"}";
        Map<String, Double> after = awaitDelta(before, closed, 1);
        assertEquals(1.0, Scrape.delta(before, after, OPENED_POLLING));
        assertEquals(1.0, Scrape.delta(before, after, "parley_engineio_upgrades_total"));
        assertEquals(2.0, Scrape.delta(before, after, "parley_engineio_polls_total"));
        assertEquals(1.0, Scrape.delta(before, after, "parley_engineio_posts_total"));
        assertEquals(0.0, after.get(SESSIONS_WEBSOCKET));
        assertEquals(0.0, after.get(SESSIONS_POLLING));
        assertTrue(lines.contains("event=engineio-open path=/engine.io/ sid=" + polling.sid()
                + " transport=polling address=127.0.0.1"), lines.toString());
        assertTrue(lines.contains("event=engineio-close path=/engine.io/ sid=" + polling.sid()
                + " reason=\"transport close\" transport=websocket address=127.0.0.1"), lines.toString());
    }

    @Test
    void aPingTimeout() throws Exception {
        server = EngineServers.echo(EngineServers.SUITE); // ping every 300 ms, 200 ms to answer
        Map<String, Double> before = scrape();
        Polling polling = new Polling(EngineServers.http(server));
        polling.open(); // and never polls again
        Map<String, Double> after = awaitDelta(before,
                "parley_engineio_closed_total{reason=\"ping_timeout\",transport=\"polling\"}", 1);
        assertEquals(1.0, Scrape.delta(before, after, OPENED_POLLING));
        assertTrue(lines.contains("event=engineio-close path=/engine.io/ sid=" + polling.sid()
                + " reason=\"ping timeout\" transport=polling address=127.0.0.1"), lines.toString());
    }

    @Test
    void refusedRequests() throws Exception {
        server = EngineServers.echo(EngineConfig.DEFAULTS);
        Map<String, Double> before = scrape();
        URI base = EngineServers.http(server);
        assertEquals(400, Polling.send(base, "GET", "EIO=3&transport=polling", null).statusCode());
        assertEquals(400, Polling.send(base, "GET", "EIO=4&transport=polling&sid=nope", null).statusCode());
        assertEquals(400, Polling.send(base, "PUT", "EIO=4&transport=polling", null).statusCode());
        assertThrows(DeploymentException.class, () -> RecordingClient.connect(EngineServers.ws(server,
                "EIO=4&transport=abc")));
        Map<String, Double> after = awaitDelta(before, "parley_engineio_refused_total{code=\"0\",status=\"400\"}", 1);
        assertEquals(1.0, Scrape.delta(before, after, "parley_engineio_refused_total{code=\"5\",status=\"400\"}"));
        assertEquals(1.0, Scrape.delta(before, after, "parley_engineio_refused_total{code=\"1\",status=\"400\"}"));
        assertEquals(1.0, Scrape.delta(before, after, "parley_engineio_refused_total{code=\"2\",status=\"400\"}"));
        assertTrue(lines.contains("event=engineio-refuse path=/engine.io/ status=400 code=5 address=127.0.0.1 "
                + "reason=\"Unsupported protocol version\""), lines.toString());
    }
}

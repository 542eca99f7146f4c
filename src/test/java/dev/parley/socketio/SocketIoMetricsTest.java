package dev.parley.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.metrics.Metrics;
import dev.parley.engineio.ManualScheduler;

/** Connects, refusals, disconnects and parse errors counted, with labels from fixed sets only. */
class SocketIoMetricsTest {
    private final Metrics metrics = new Metrics();
    private final SocketIoServer io = new SocketIoServer(new ManualScheduler(), Duration.ofSeconds(5),
            new SocketIoMetrics(metrics));

    private List<String> series() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        return out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("parley_socketio_events_total"))
                .sorted().toList();
    }

    @Test
    void eachOutcomeIsCountedUnderItsLabels() throws Exception {
        io.namespace("/x").onConnect((socket, auth) -> {
            if (auth.containsKey("no")) {
                throw new ConnectRefused("a message of the application's own " + auth);
            }
        });
        RecordingEngine a = RecordingEngine.open(io, "a");
        a.text("0/x,");
        a.text("0/x" + "y".repeat(100) + ",");
        a.text("1/x,");
        a.text("0/x,{\"no\":1}");
        a.text("0");
        a.connection.closed("some reason no one named");
        RecordingEngine b = RecordingEngine.open(io, "b");
        b.text("0");
        b.text("2{}");
        assertEquals(List.of(
                "parley_socketio_events_total{event=\"connect\",reason=\"none\"} 3.0",
                "parley_socketio_events_total{event=\"connect_error\",reason=\"invalid_namespace\"} 1.0",
                "parley_socketio_events_total{event=\"connect_error\",reason=\"refused\"} 1.0",
                "parley_socketio_events_total{event=\"disconnect\",reason=\"client_namespace_disconnect\"} 1.0",
                "parley_socketio_events_total{event=\"disconnect\",reason=\"other\"} 1.0",
                "parley_socketio_events_total{event=\"disconnect\",reason=\"parse_error\"} 1.0",
                "parley_socketio_events_total{event=\"parse_error\",reason=\"none\"} 1.0"), series());
    }

    @Test
    void reasonsOutsideTheSetAreOther() {
        assertEquals("ping_timeout", SocketIoMetrics.label("ping timeout"));
        assertEquals("other", SocketIoMetrics.label("anything a transport might say"));
        assertTrue(SocketIoMetrics.REASONS.contains("transport buffer full"));
    }
}

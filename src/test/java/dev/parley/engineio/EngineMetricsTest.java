package dev.parley.engineio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;

import dev.parley.metrics.Metrics;

/**
 * What an {@link EngineServer} and its sessions count, on a hand-turned clock: opens by transport, upgrades, answered
 * GETs and POSTs, closes by transport and reason, refusals by status and code; labels from fixed sets only.
 */
class EngineMetricsTest {
    private static final EngineConfig CONFIG = EngineConfig.DEFAULTS.withPing(Duration.ofMillis(300),
            Duration.ofMillis(200));
    private static final EngineRequest CLIENT = new EngineRequest(Map.of(), Map.of(), "127.0.0.1");

    private final ManualScheduler clock = new ManualScheduler();
    private final Metrics metrics = new Metrics();
    private final EngineServer server = new EngineServer("/engine.io/", CONFIG, EngineHandlers.echo(), clock, 2,
            new EngineMetrics("/engine.io/", metrics));

    /** A WebSocket that takes every packet. */
    private static final class Link implements WebSocketLink {
        final List<String> frames = new ArrayList<>();

        @Override
        public boolean send(Packet packet) {
            frames.add(PacketCodec.encode(packet));
            return true;
        }

        @Override
        public void close(int code, String reason) {
            frames.add("close:" + code);
        }
    }

    private List<String> series() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        return out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("parley_engineio_"))
                .sorted().toList();
    }

    private EngineSession polling() {
        Answer open = server.handshake(CLIENT);
        String sid = Json.createReader(new StringReader(open.payload().substring(1))).readObject().getString("sid");
        return server.session(sid);
    }

    @Test
    void aPollingSessionThatUpgradesThenCloses() throws Exception {
        EngineSession session = polling();
        var held = session.poll().toCompletableFuture();
        assertEquals("ok", session.post("4hello").payload());
        assertEquals("4hello", held.join().payload()); // the echo answers the held GET
        Link link = new Link();
        session.upgradeStarted(link);
        session.frame(link, "2probe");
        session.frame(link, "5");
        assertEquals(1, server.size("websocket"));
        assertEquals(0, server.size("polling"));
        assertEquals(EngineError.BAD_REQUEST, session.poll().toCompletableFuture().join().error());
        session.closed(link);
        assertEquals(0, server.size("websocket"));
        assertEquals(List.of(
                "parley_engineio_closed_total{reason=\"transport_close\",transport=\"websocket\"} 1.0",
                "parley_engineio_opened_total{transport=\"polling\"} 1.0",
                "parley_engineio_polls_total 1.0",
                "parley_engineio_posts_total 1.0",
                "parley_engineio_refused_total{code=\"3\",status=\"400\"} 1.0",
                "parley_engineio_upgrades_total 1.0"), series());
    }

    @Test
    void pingTimeoutAndTheOtherReasons() throws Exception {
        polling();
        clock.advance(300 + 200); // pinged, not answered
        EngineSession parse = polling();
        parse.post("x");
        EngineSession forced = polling();
        forced.close("forced close");
        forced.poll().toCompletableFuture().join(); // its last GET: what is left and 1
        EngineSession odd = polling();
        odd.close("something else");
        Link link = new Link();
        EngineSession ws = server.handshake(CLIENT, link);
        server.closeAll("server shutting down");
        assertEquals(List.of(
                "parley_engineio_closed_total{reason=\"forced_close\",transport=\"polling\"} 1.0",
                "parley_engineio_closed_total{reason=\"other\",transport=\"polling\"} 1.0",
                "parley_engineio_closed_total{reason=\"parse_error\",transport=\"polling\"} 1.0",
                "parley_engineio_closed_total{reason=\"ping_timeout\",transport=\"polling\"} 1.0",
                "parley_engineio_closed_total{reason=\"server_shutting_down\",transport=\"websocket\"} 1.0",
                "parley_engineio_opened_total{transport=\"polling\"} 4.0",
                "parley_engineio_opened_total{transport=\"websocket\"} 1.0",
                "parley_engineio_polls_total 1.0",
                "parley_engineio_posts_total 0.0",
                "parley_engineio_refused_total{code=\"3\",status=\"400\"} 1.0",
                "parley_engineio_upgrades_total 0.0"), series());
        assertEquals(false, ws.isOpen());
    }

    @Test
    void refusalsByStatusAndCode() throws Exception {
        EngineSession one = polling();
        polling();
        assertEquals(EngineError.FORBIDDEN, server.handshake(CLIENT).error()); // over 2 from this address
        assertEquals(EngineError.PAYLOAD_TOO_LARGE, one.post(null).error()); // over maxPayload: closed
        assertEquals(EngineError.SESSION_ID_UNKNOWN, one.post("4late").error());
        server.refused(EngineError.UNSUPPORTED_PROTOCOL_VERSION, "127.0.0.1", null); // as the transports report
        assertEquals(List.of(
                "parley_engineio_closed_total{reason=\"transport_error\",transport=\"polling\"} 1.0",
                "parley_engineio_opened_total{transport=\"polling\"} 2.0",
                "parley_engineio_polls_total 0.0",
                "parley_engineio_posts_total 0.0",
                "parley_engineio_refused_total{code=\"1\",status=\"400\"} 1.0",
                "parley_engineio_refused_total{code=\"3\",status=\"413\"} 1.0",
                "parley_engineio_refused_total{code=\"4\",status=\"403\"} 1.0",
                "parley_engineio_refused_total{code=\"5\",status=\"400\"} 1.0",
                "parley_engineio_upgrades_total 0.0"), series());
    }
}

package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.client.RawClient;
import dev.parley.client.RecordingClient;
import dev.parley.deploy.ParleyTarget;
import dev.parley.deploy.TestDeployment;
import dev.parley.metrics.Scrape;
import dev.parley.wire.Frame;

/** {@code GET /metrics}: Prometheus text whose counters move with the traffic. */
@Tag("portable")
class MetricsIT {
    @RegisterExtension
    static final ParleyTarget server = ParleyTarget.of(TestDeployment.METRICS);

    private static Map<String, Double> scrape() throws Exception {
        return Scrape.of(server.http("/metrics"));
    }

    @Test
    void countersMoveWithTraffic() throws Exception {
        Map<String, Double> before = scrape();
        try (RecordingClient client = RecordingClient.connect(server.ws("/echo"))) {
            for (int n = 0; n < 5; n++) {
                client.send("hello");
                assertEquals("hello", client.nextText());
            }
            assertEquals(1, scrape().get("parley_sessions_open"));
        }
        Map<String, Double> after = scrape();
        assertEquals(5, delta(before, after, "parley_messages_received_total"));
        assertEquals(25, delta(before, after, "parley_received_bytes_total"));
        assertEquals(5, delta(before, after, "parley_messages_sent_total"));
        assertEquals(1, delta(before, after, "parley_sessions_opened_total"));
        assertTrue(after.containsKey("parley_chat_rooms"));
        assertTrue(after.containsKey("parley_outbound_queued_messages"));
    }

    /** The guard in front of Tyrus counts what it refuses (the WAR has no guard: docs/deploy.md). */
    @Test
    @Tag("embedded-only")
    void protocolViolationsAreCountedByCode() throws Exception {
        Map<String, Double> before = scrape();
        try (RawClient unmasked = RawClient.connect(server.ws("/echo"), RecordingClient.WAIT)) {
            unmasked.sendRaw(new byte[] {(byte) 0x81, 0x02, 'h', 'i'}); // a client frame without mask: 1002
            assertEquals(1002, unmasked.read().frame().closeStatus().code());
        }
        assertEquals(1, delta(before, scrape(), "parley_protocol_violations_total{code=\"1002\"}"));
    }

    @Test
    void closesAreCountedByCode() throws Exception {
        String normal = "parley_sessions_closed_total{code=\"" + CloseReason.CloseCodes.NORMAL_CLOSURE.getCode() + "\"}";
        Map<String, Double> before = scrape();
        try (RawClient client = RawClient.connect(server.ws("/echo"), RecordingClient.WAIT)) {
            client.send(Frame.close(new dev.parley.wire.CloseStatus(1000, "bye")));
            assertEquals(1000, client.read().frame().closeStatus().code());
        }
        assertEquals(1, delta(before, scrape(), normal));
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
        return Scrape.delta(before, after, name);
    }
}

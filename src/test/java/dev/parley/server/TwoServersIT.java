package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.parley.chat.ChatConfig;
import dev.parley.client.RawClient;
import dev.parley.client.RecordingClient;
import dev.parley.deploy.TestDeployment;
import dev.parley.metrics.Scrape;
import dev.parley.session.Limits;
import dev.parley.wire.HttpHeaders;

/**
 * Two embedded servers in one JVM, with different settings, share nothing: each server's configurators make its
 * endpoints with its own sessions, caps, chat and counters (nothing is looked up through statics), as the tests'
 * habit of starting several servers needs.
 */
class TwoServersIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void eachServersEndpointsAndHandshakesUseThatServersSettingsAndCounters() throws Exception {
        Config open = Config.defaults().withPort(0);
        Config strict = Config.defaults().withPort(0)
                .withLimits(Limits.DEFAULTS.withMaxSessionsPerAddress(1))
                .withChat(ChatConfig.DEFAULTS.withAuthSecret(TestDeployment.AUTH_SECRET));
        try (ParleyServer first = ParleyServer.start(open); ParleyServer second = ParleyServer.start(strict)) {
            // The per-address cap is kept by the endpoint's Sessions: 64 on the first server, 1 on the second.
            try (RecordingClient a1 = RecordingClient.connect(first.uri("ws", "/echo"));
                 RecordingClient b1 = RecordingClient.connect(second.uri("ws", "/echo"))) {
                for (RecordingClient client : new RecordingClient[] {a1, b1}) { // an echo: its @OnOpen has run
                    client.send("hello");
                    assertEquals("hello", client.nextText());
                }
                try (RecordingClient a2 = RecordingClient.connect(first.uri("ws", "/echo"));
                     RecordingClient b2 = RecordingClient.connect(second.uri("ws", "/echo"))) {
                    a2.send("hello");
                    assertEquals("hello", a2.nextText());
                    assertEquals(1013, b2.awaitClose().getCloseCode().getCode());
                }
            }
            // The chat's handshake is its server's: open mode lets a name in, auth mode wants a token.
            assertEquals(101, RawClient.tryUpgrade(first.uri("ws", "/chat?name=alice"), HttpHeaders.of(), WAIT)
                    .status());
            assertEquals(401, RawClient.tryUpgrade(second.uri("ws", "/chat?name=alice"), HttpHeaders.of(), WAIT)
                    .status());

            Map<String, Double> firstCounts = Scrape.of(first.uri("http", "/metrics"));
            Map<String, Double> secondCounts = Scrape.of(second.uri("http", "/metrics"));
            assertEquals(0, firstCounts.getOrDefault("parley_sessions_closed_total{code=\"1013\"}", 0.0));
            assertEquals(1, secondCounts.getOrDefault("parley_sessions_closed_total{code=\"1013\"}", 0.0));
            assertEquals(0, firstCounts.getOrDefault("parley_handshakes_refused_total{status=\"401\"}", 0.0));
            assertEquals(1, secondCounts.getOrDefault("parley_handshakes_refused_total{status=\"401\"}", 0.0));
            assertEquals(2, firstCounts.get("parley_messages_received_total"));
            assertEquals(1, secondCounts.get("parley_messages_received_total"));
        }
    }
}

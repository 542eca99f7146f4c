package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import dev.parley.client.RawClient;
import dev.parley.wire.HttpHeaders;
import dev.parley.wire.UpgradeResponse;

/** Opening handshakes to {@code /chat} whose answer the test wants to see, refusals included. */
final class Upgrades {
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final Map<Integer, String> REASONS = Map.of(400, "Bad Request", 401, "Unauthorized",
            403, "Forbidden");

    private Upgrades() {
    }

    /** The server's answer to an upgrade request with these extra header names and values. */
    static UpgradeResponse upgrade(URI uri, String... headers) throws Exception {
        return RawClient.tryUpgrade(uri, HttpHeaders.of(headers), WAIT);
    }

    /** A refusal: the status with its own reason phrase, a reason in X-Parley-Error, nothing upgraded. */
    static void assertRefused(int status, UpgradeResponse response) {
        assertEquals(status, response.status(), response.toText());
        assertEquals(REASONS.get(status), response.reason());
        assertFalse(response.headers().first("X-Parley-Error").orElse("").isEmpty(), "a reason is given");
        assertFalse(response.headers().contains("Sec-WebSocket-Accept"), "nothing was upgraded");
    }
}

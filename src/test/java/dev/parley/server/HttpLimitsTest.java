package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class HttpLimitsTest {
    private static final HttpLimits LIMITS = HttpLimits.DEFAULTS;

    @Test
    void theHeadroomIsATenthOfTheCapAndAtLeastOne() {
        assertEquals(20, LIMITS.withMaxConnections(200).headroom());
        assertEquals(180, LIMITS.withMaxConnections(200).maxUpgraded());
        assertEquals(1, LIMITS.withMaxConnections(2).headroom());
        assertEquals(1, LIMITS.withMaxConnections(2).maxUpgraded());
    }

    @Test
    void theDefaultCapIsTheDescriptorLimitLess128() {
        long fds = FileDescriptors.max();
        int expected = fds <= 0 ? HttpLimits.FALLBACK_MAX_CONNECTIONS
                : (int) Math.max(64, Math.min(Integer.MAX_VALUE, fds - HttpLimits.RESERVED_DESCRIPTORS));
        assertEquals(expected, HttpLimits.defaultMaxConnections());
        assertEquals(expected, HttpLimits.DEFAULTS.maxConnections());
        assertTrue(FileDescriptors.open() > 0 || fds <= 0, "a Unix JVM knows its open descriptors");
    }

    @Test
    void theDocumentedDefaults() {
        assertEquals(Duration.ofSeconds(10), LIMITS.headTimeout());
        assertEquals(Duration.ofSeconds(30), LIMITS.idleTimeout());
        assertEquals(Duration.ofSeconds(10), LIMITS.bodyTimeout());
    }

    @Test
    void impossibleLimitsAreRefusedWithTheirName() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> LIMITS.withBodyTimeout(Duration.ZERO));
        assertEquals("the HTTP body timeout must be positive, not 0 ms", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LIMITS.withTimeouts(Duration.ofSeconds(-1),
                Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> LIMITS.withMaxConnections(1));
    }
}

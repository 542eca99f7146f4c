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
    void theDefaultCapIsTheSmallerOfTheDescriptorAndTheHeapBudget() {
        assertEquals(512, HttpLimits.defaultMaxConnections(20_000, 128L << 20), "-Xmx128m: 256 KiB each");
        assertEquals(4096, HttpLimits.defaultMaxConnections(20_000, 1L << 30), "-Xmx1g: 256 KiB each");
        assertEquals(19_872, HttpLimits.defaultMaxConnections(20_000, 8L << 30), "ulimit -n 20000: less 128");
        assertEquals(1024 - 128, HttpLimits.defaultMaxConnections(1024, 1L << 30));
        assertEquals(10_000, HttpLimits.defaultMaxConnections(-1, 8L << 30), "no descriptor limit known");
        assertEquals(64, HttpLimits.defaultMaxConnections(100, 1L << 30), "never below 64");
        assertEquals(HttpLimits.defaultMaxConnections(FileDescriptors.max(), Runtime.getRuntime().maxMemory()),
                HttpLimits.DEFAULTS.maxConnections());
        assertTrue(FileDescriptors.open() > 0 || FileDescriptors.max() <= 0, "a Unix JVM knows its descriptors");
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

package dev.parley.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class NodeTimingTest {
    @Test
    void theDefaultsAnnounceACrashedNodesLeavesWithin20Seconds() {
        assertEquals(new NodeTiming(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(5)),
                NodeTiming.DEFAULT);
        assertEquals(Duration.ofSeconds(20), NodeTiming.DEFAULT.leaveBound());
    }

    @Test
    void anExpiryShorterThanTwoHeartbeatsIsRefused() {
        // one late heartbeat would let the key expire under a live node
        assertThrows(IllegalArgumentException.class,
                () -> new NodeTiming(Duration.ofSeconds(5), Duration.ofSeconds(9), Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class,
                () -> new NodeTiming(Duration.ZERO, Duration.ofSeconds(9), Duration.ofSeconds(5)));
    }
}

package dev.parley.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DeadNodesTest {
    private static final Duration SILENCE = Duration.ofSeconds(15);
    private static final long NOW = 1_000_000;

    @Test
    void aNodeSilentLongerThanTheExpiryWithoutItsAliveKeyIsDead() {
        assertEquals(List.of("b"), DeadNodes.of(beats("a", NOW, "b", NOW - 15_001), Set.of("a"), NOW, SILENCE, "a"));
    }

    @Test
    void exactlyTheExpiryIsNotYetDead() {
        assertEquals(List.of(), DeadNodes.of(beats("b", NOW - 15_000), Set.of(), NOW, SILENCE, "a"));
    }

    @Test
    void anAliveKeyKeepsASilentNode() {
        // its clock runs behind, or Redis has not expired the key yet: the key decides
        assertEquals(List.of(), DeadNodes.of(beats("b", NOW - 60_000), Set.of("b"), NOW, SILENCE, "a"));
    }

    @Test
    void aRecentBeatKeepsANodeWhoseKeyIsGone() {
        // its key just expired and its next beat is on the way: the score says it is not silent
        assertEquals(List.of(), DeadNodes.of(beats("b", NOW - 14_000), Set.of(), NOW, SILENCE, "a"));
    }

    @Test
    void theDecidingNodeIsNeverDeadToItself() {
        assertEquals(List.of("c"), DeadNodes.of(beats("a", NOW - 60_000, "c", NOW - 60_000), Set.of(), NOW,
                SILENCE, "a"));
    }

    @Test
    void severalDeadInTheOrderGiven() {
        assertEquals(List.of("c", "b"), DeadNodes.of(beats("c", 0, "b", 1, "d", NOW), Set.of(), NOW, SILENCE, "a"));
    }

    private static Map<String, Long> beats(Object... pairs) {
        Map<String, Long> beats = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            beats.put((String) pairs[i], ((Number) pairs[i + 1]).longValue());
        }
        return beats;
    }
}

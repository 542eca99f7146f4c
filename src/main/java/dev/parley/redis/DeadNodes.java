package dev.parley.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reaper's decision (sans-I/O): which nodes are dead, given each node's last heartbeat (the {@code parley:nodes}
 * zset), which alive keys still exist, and now. A node is dead when its last heartbeat is more than {@code silence}
 * old (the alive key's expiry: 15 s by default) <em>and</em> its alive key is gone: a late heartbeat score alone (a
 * node whose clock runs behind) is not enough, because the key's expiry is kept by Redis's own clock. The deciding
 * node is never dead to itself: it evicts itself only when it stops.
 */
final class DeadNodes {
    private DeadNodes() {
    }

    /**
     * @param beats  node id → its last heartbeat (epoch ms)
     * @param alive  the nodes whose alive key exists
     * @param nowMs  now (epoch ms)
     * @param self   the deciding node
     * @return the dead nodes, in the order of {@code beats}
     */
    static List<String> of(Map<String, Long> beats, Set<String> alive, long nowMs, Duration silence, String self) {
        long before = nowMs - silence.toMillis();
        return beats.entrySet().stream()
                .filter(beat -> beat.getValue() < before && !alive.contains(beat.getKey())
                        && !beat.getKey().equals(self))
                .map(Map.Entry::getKey)
                .toList();
    }
}

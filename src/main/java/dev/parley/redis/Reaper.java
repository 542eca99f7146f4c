package dev.parley.redis;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import io.lettuce.core.ScoredValue;
import io.lettuce.core.SetArgs;

/**
 * Finds dead nodes and evicts them. Every node runs {@link #reap} each {@link NodeTiming#reap()} period; the one
 * that takes the lock ({@code SET parley:reaper N NX PX <reap>}) reads {@code parley:nodes}, checks the alive keys
 * of the nodes silent for longer than {@link NodeTiming#expiry()}, decides ({@link DeadNodes}) and evicts each dead
 * one ({@link NodeEviction}: presence leaves in its rooms, its users' hashes, its keys). The lock is never released:
 * it expires after one period, so at most one reap starts per period in the whole cluster; a reap that outlives it
 * and the next one do the same idempotent work.
 */
final class Reaper {
    private static final Logger LOG = Logger.getLogger(Reaper.class.getName());

    private final RedisLink link;
    private final String node;
    private final NodeTiming timing;
    private final Clock clock;
    private final NodeEviction eviction;

    Reaper(RedisLink link, String node, NodeTiming timing, Clock clock, NodeEviction eviction) {
        this.link = link;
        this.node = node;
        this.timing = timing;
        this.clock = clock;
        this.eviction = eviction;
    }

    /** One round: completes with the nodes evicted (none if another node holds the lock). */
    CompletionStage<List<String>> reap() {
        SetArgs lock = SetArgs.Builder.nx().px(timing.reap().toMillis());
        return link.call(c -> c.set(NodeKeys.REAPER, node, lock)).thenCompose(taken -> "OK".equals(taken)
                ? link.call(c -> c.zrangeWithScores(NodeKeys.NODES, 0, -1)).thenCompose(this::reap)
                : CompletableFuture.completedFuture(List.of()));
    }

    private CompletionStage<List<String>> reap(List<ScoredValue<String>> scores) {
        long now = clock.millis();
        Map<String, Long> beats = new LinkedHashMap<>();
        scores.forEach(score -> beats.put(score.getValue(), (long) score.getScore()));
        List<String> silent = DeadNodes.of(beats, Set.of(), now, timing.expiry(), node);
        Set<String> alive = ConcurrentHashMap.newKeySet(); // the replies come on Lettuce's threads
        return Batches.each(silent, other -> link.call(c -> c.exists(NodeKeys.alive(other))).thenAccept(keys -> {
            if (keys > 0) {
                alive.add(other);
            }
        })).thenCompose(checked -> {
            List<String> dead = DeadNodes.of(beats, alive, now, timing.expiry(), node);
            CompletionStage<Void> evicted = CompletableFuture.completedFuture(null);
            for (String other : dead) {
                evicted = evicted.thenCompose(previous -> eviction.evict(other).thenAccept(left ->
                        LOG.info(() -> "event=redis-node-reaped node=" + other + " by=" + node + " leaves=" + left
                                + " silent_ms=" + (now - beats.get(other)))));
            }
            return evicted.thenApply(done -> dead);
        });
    }
}

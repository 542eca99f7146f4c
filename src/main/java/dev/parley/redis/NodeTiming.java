package dev.parley.redis;

import java.time.Duration;

/**
 * How often a node beats and reaps, and how long its registration outlives its last beat. Defaults: a heartbeat
 * every 5 s, the alive key kept 15 s, the reaper every 5 s.
 *
 * <p>The bound on a crash: a node that last beat at {@code t} has its alive key expire at {@code t + expiry}; the
 * first reap after that (one per {@code reap} period in the whole cluster, by whichever live node takes the lock)
 * evicts it, so its users' leaves go out by {@code t + expiry + reap} ({@link #leaveBound()}, 20 s), plus the time
 * the evict script takes in each of its rooms. The crash came at most one heartbeat after {@code t}: leaves are
 * announced between {@code expiry - heartbeat} and {@code expiry + reap} after it (10 to 20 s by default), never while
 * the alive key lives. Heartbeat scores come from each node's clock, the expiry from Redis's: a node whose clock runs
 * ahead of the reaper's is reaped that much later; one whose clock runs behind is still kept by its alive key.
 *
 * @param heartbeat how often the node refreshes its alive key and its {@code parley:nodes} score
 * @param expiry    the alive key's expiry, and the silence after which the reaper counts a node dead
 * @param reap      how often each node tries the reaper's lock (held this long)
 */
public record NodeTiming(Duration heartbeat, Duration expiry, Duration reap) {
    public static final NodeTiming DEFAULT = new NodeTiming(Duration.ofSeconds(5), Duration.ofSeconds(15),
            Duration.ofSeconds(5));

    public NodeTiming {
        if (heartbeat.isNegative() || heartbeat.isZero() || reap.isNegative() || reap.isZero()
                || expiry.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("heartbeat and reap must be positive, expiry at least two heartbeats: "
                    + heartbeat + ", " + expiry + ", " + reap);
        }
    }

    /** The longest a crashed node's users stay present elsewhere: {@code expiry + reap} after its last heartbeat. */
    public Duration leaveBound() {
        return expiry.plus(reap);
    }
}

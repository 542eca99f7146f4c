package dev.parley.redis;

import java.time.Duration;

/**
 * How often a node beats and reaps, and how long its registration outlives its last beat. Defaults: a heartbeat
 * every 5 s, the alive key kept 15 s, the reaper every 5 s. A crashed node's users are announced as left at most
 * {@code expiry + reap} after its last heartbeat (20 s by default; in practice 15 to 20 s after the crash, plus the
 * time to run the evict script in each of its rooms), by whichever live node holds the reaper's lock then.
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

package dev.parley.chat;

import java.util.HashMap;
import java.util.Map;

/**
 * How many rooms each remote address may still create: a token bucket per address, {@code perMinute} rooms a
 * minute, as many at once. Issue 11: "room creation budgeted per address", so that one address cannot use up the
 * server's rooms. An address whose bucket has refilled is forgotten by {@link #sweep}, so this holds an entry only
 * for addresses that created a room lately. Time comes from the caller (nanoseconds). Thread-safe.
 */
final class NewRoomBudget {
    private final int perMinute;
    private final Map<String, TokenBucket> buckets = new HashMap<>();

    NewRoomBudget(int perMinute) {
        this.perMinute = perMinute;
    }

    /** Takes one room from {@code address}'s budget; false when it has none left now. */
    synchronized boolean tryTake(String address, long now) {
        return buckets.computeIfAbsent(address, a -> new TokenBucket(perMinute / 60.0, perMinute, now)).tryTake(now);
    }

    /** Seconds until {@code address} may create a room again (at least 1). */
    int secondsUntilNext() {
        return Math.max(1, (int) Math.ceil(60.0 / perMinute));
    }

    /** Forgets the addresses whose budget is whole again. */
    synchronized void sweep(long now) {
        buckets.values().removeIf(bucket -> bucket.isFullAt(now));
    }

    /** Addresses with a budget in use. */
    synchronized int addresses() {
        return buckets.size();
    }

    int perMinute() {
        return perMinute;
    }
}

package dev.parley.chat;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The history bytes all rooms keep together, and which room gives up its oldest message when they are over the
 * budget: the largest, so that one busy (or hostile) room cannot push the history out of every other room. Rooms
 * report each change; this class never calls back, so it may be called under a room's lock. Thread-safe.
 *
 * @param <K> what identifies a room (the room itself in the chat, names in tests)
 */
final class HistoryBudget<K> {
    private static final class Tracked<K> {
        final K key;
        final long serial;
        long bytes;

        Tracked(K key, long serial) {
            this.key = key;
            this.serial = serial;
        }
    }

    /** Largest first; among equals, the one tracked first. */
    private final TreeSet<Tracked<K>> bySize = new TreeSet<>(Comparator.<Tracked<K>>comparingLong(t -> -t.bytes)
            .thenComparingLong(t -> t.serial));
    private final Map<K, Tracked<K>> tracked = new HashMap<>();
    private final long limit;
    private long used;
    private long serials;

    HistoryBudget(long limitBytes) {
        this.limit = limitBytes;
    }

    /** The room {@code key} now keeps {@code delta} bytes more (or fewer, when negative). */
    synchronized void changed(K key, long delta) {
        if (delta == 0) {
            return;
        }
        Tracked<K> room = tracked.computeIfAbsent(key, k -> new Tracked<>(k, serials++));
        bySize.remove(room);
        room.bytes += delta;
        used += delta;
        if (room.bytes > 0) {
            bySize.add(room);
        } else {
            tracked.remove(key);
        }
    }

    /** The room that should drop its oldest message now, or null while the rooms are within the budget. */
    synchronized K largestIfOver() {
        return used > limit && !bySize.isEmpty() ? bySize.first().key : null;
    }

    /** The bytes all rooms keep now. */
    synchronized long used() {
        return used;
    }

    long limit() {
        return limit;
    }
}

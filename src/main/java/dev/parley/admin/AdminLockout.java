package dev.parley.admin;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wrong admin keys per remote address, sans-I/O (time given by the caller, in nanoseconds): an address's first wrong
 * key opens a window of {@link #WINDOW}; after {@link #MAX_FAILURES} wrong keys in it, every admin API request from
 * that address is refused (429) until the window ends, without looking at its key. The table holds at most
 * {@link #MAX_ADDRESSES} addresses; a new one past that pushes out the address whose window opened first. The right
 * key neither enters nor clears the table: one address locked out does not lock out another.
 *
 * <p>Thread-safe (one lock; every call is a map lookup).
 */
final class AdminLockout {
    /** Wrong keys an address may send in one window; the next request is refused with 429. */
    static final int MAX_FAILURES = 10;
    /** How long an address's wrong keys count, from its first. */
    static final Duration WINDOW = Duration.ofSeconds(60);
    /** Addresses remembered at most. */
    static final int MAX_ADDRESSES = 1024;

    /** What a wrong key did: whether it is the first of its window (log it), whether it locked the address out. */
    record Failure(boolean first, boolean lockedOut, int failures) {
    }

    private static final class Entry {
        final long opened;
        int failures;

        Entry(long opened) {
            this.opened = opened;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final long windowNanos;
    private final int maxFailures;
    private final int maxAddresses;

    AdminLockout() {
        this(MAX_FAILURES, WINDOW, MAX_ADDRESSES);
    }

    AdminLockout(int maxFailures, Duration window, int maxAddresses) {
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.maxAddresses = maxAddresses;
    }

    /** Seconds the address must wait (at least 1), or 0 when it may try a key. */
    synchronized long retryAfterSeconds(String address, long now) {
        Entry entry = live(address, now);
        if (entry == null || entry.failures < maxFailures) {
            return 0;
        }
        long left = entry.opened + windowNanos - now;
        return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
    }

    /** Counts a wrong key from the address. */
    synchronized Failure failed(String address, long now) {
        Entry entry = live(address, now);
        boolean first = entry == null;
        if (first) {
            if (entries.size() >= maxAddresses) {
                dropOldest(now);
            }
            entry = new Entry(now);
            entries.put(address, entry);
        }
        entry.failures++;
        return new Failure(first, entry.failures == maxFailures, entry.failures);
    }

    /** Addresses held now (for tests). */
    synchronized int size() {
        return entries.size();
    }

    /** The address's entry if its window is still open; an ended one is removed. */
    private Entry live(String address, long now) {
        Entry entry = entries.get(address);
        if (entry != null && now - entry.opened >= windowNanos) {
            entries.remove(address);
            return null;
        }
        return entry;
    }

    /** Ended windows go; if none ended, the one opened first (insertion order: windows open in time order). */
    private void dropOldest(long now) {
        Iterator<Entry> it = entries.values().iterator();
        boolean dropped = false;
        while (it.hasNext()) {
            Entry entry = it.next();
            if (now - entry.opened < windowNanos) {
                break;
            }
            it.remove();
            dropped = true;
        }
        if (!dropped) {
            it = entries.values().iterator();
            it.next();
            it.remove();
        }
    }
}

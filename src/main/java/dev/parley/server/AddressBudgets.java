package dev.parley.server;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.parley.session.FrameRate;

/**
 * The frame budgets shared by all upgraded connections of one remote address: one {@link FrameBucket} per address.
 * An address's bucket is kept while it has a connection open and, after its last one closes, until it has refilled
 * (so closing and reopening connections earns no fresh burst); refilled buckets of addresses with no connection are
 * forgotten every {@link #SWEEP_EVERY} joins. So the map holds one entry per address with a connection open plus the
 * addresses that left within the last burst/rate seconds. Thread-safe.
 */
final class AddressBudgets {
    static final int SWEEP_EVERY = 256;

    private final FrameRate rate;
    private final ConcurrentMap<InetAddress, Budget> budgets = new ConcurrentHashMap<>();
    private final AtomicInteger joins = new AtomicInteger();

    AddressBudgets(FrameRate rate) {
        this.rate = rate;
    }

    /** One address's bucket and how many of its connections use it. */
    static final class Budget {
        final InetAddress address;
        final FrameBucket frames;
        private int connections; // changed only inside the map's compute for this key

        private Budget(InetAddress address, FrameBucket frames) {
            this.address = address;
            this.frames = frames;
        }
    }

    /** A connection from {@code address} opens: its address's budget, created full if it had none. */
    Budget join(InetAddress address, long nowNanos) {
        if (joins.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep(nowNanos);
        }
        return budgets.compute(address, (key, budget) -> {
            Budget joined = budget != null ? budget : new Budget(key, new FrameBucket(rate, nowNanos));
            joined.connections++;
            return joined;
        });
    }

    /** A connection that {@link #join joined} {@code budget} has closed; its bucket goes once it has refilled. */
    void leave(Budget budget, long nowNanos) {
        budgets.computeIfPresent(budget.address, (key, current) -> {
            current.connections--;
            return forgettable(current, nowNanos) ? null : current;
        });
    }

    /** Addresses remembered: with a connection open, or left and not yet refilled. */
    int size() {
        return budgets.size();
    }

    private void sweep(long nowNanos) {
        for (InetAddress address : budgets.keySet()) {
            budgets.computeIfPresent(address, (key, budget) -> forgettable(budget, nowNanos) ? null : budget);
        }
    }

    private static boolean forgettable(Budget budget, long nowNanos) {
        return budget.connections <= 0 && budget.frames.full(nowNanos);
    }
}

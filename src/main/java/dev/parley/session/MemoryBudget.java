package dev.parley.session;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A number of bytes shared by every connection of a server: what all of them together may have in flight in one
 * direction (issue 11, "a global cap with a clear refusal when reached"). A connection {@link #reserve reserves}
 * bytes before it makes the server keep them and {@link #release releases} them once they are gone; a reservation
 * that would take the total over the capacity is refused whole, and the caller refuses the connection that asked.
 * Thread-safe, lock-free, no I/O.
 *
 * <p>Each connection (or queue) holds its part through a {@link Share}, whose first {@link #ALLOWANCE_BYTES} are not
 * charged: a client exchanging small messages is never refused, even when attackers have spent the budget; that
 * allowance is part of a connection's own cost.
 *
 * <p>Two of them, made by {@link Sessions}: {@link Limits#inboundBudgetBytes() inbound}, the unfinished messages the
 * server holds for clients (what Tyrus buffers, embedded; the attachments of a Socket.IO binary packet not yet whole),
 * and {@link Limits#outboundBudgetBytes() outbound}, what waits in outbound queues, in Engine.IO polling buffers and
 * unwritten on sockets.
 */
public final class MemoryBudget {
    /** What a {@link Share} may hold without charging the budget. */
    public static final int ALLOWANCE_BYTES = 4 * 1024;

    private final String name;
    private final long capacity;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();

    /**
     * @param name     {@code inbound} or {@code outbound}: for log lines and metrics labels
     * @param capacity the most bytes reserved at once; positive
     */
    public MemoryBudget(String name, long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("the " + name + " budget must be positive, not " + capacity);
        }
        this.name = name;
        this.capacity = capacity;
    }

    /**
     * Reserves {@code bytes} (not negative) if the total stays within the capacity.
     *
     * @return true if reserved; false if it would have passed the capacity (nothing reserved, counted as a refusal)
     */
    public boolean reserve(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot reserve " + bytes + " bytes");
        }
        while (true) {
            long now = used.get();
            long after = now + bytes;
            if (after > capacity || after < 0) { // after < 0: overflowed, only an unlimited budget gets there
                refusals.incrementAndGet();
                return false;
            }
            if (used.compareAndSet(now, after)) {
                return true;
            }
        }
    }

    /** Gives back {@code bytes} an earlier {@link #reserve} took. */
    public void release(long bytes) {
        used.addAndGet(-bytes);
    }

    /** A budget that never refuses: for parts made without a server around them (tests, a handler run by hand). */
    public static MemoryBudget unlimited(String name) {
        return new MemoryBudget(name, Long.MAX_VALUE);
    }

    /** A new holder of a part of this budget, holding nothing. */
    public Share share() {
        return new Share();
    }

    /**
     * What one connection (or one outbound queue) holds of the budget: the bytes it keeps, of which all but the first
     * {@link #ALLOWANCE_BYTES} are reserved. Thread-safe; once {@link #close closed} it holds and reserves nothing.
     */
    public final class Share {
        private long held;
        private boolean closed;

        private Share() {
        }

        /** Holds {@code bytes} more; false, with nothing changed, if the budget has no room for them. */
        public synchronized boolean add(long bytes) {
            return resize(held + bytes);
        }

        /** Holds {@code bytes} fewer. */
        public synchronized void remove(long bytes) {
            resize(Math.max(0, held - bytes));
        }

        /** Holds {@code bytes} in all; false, with nothing changed, if the budget has no room for the growth. */
        public synchronized boolean resize(long bytes) {
            if (closed) {
                return true;
            }
            long more = charged(bytes) - charged(held);
            if (more > 0 && !reserve(more)) {
                return false;
            }
            if (more < 0) {
                release(-more);
            }
            held = bytes;
            return true;
        }

        /** Gives everything back, once; from now on this share holds nothing. */
        public synchronized void close() {
            if (!closed) {
                release(charged(held));
                held = 0;
                closed = true;
            }
        }

        public synchronized long held() {
            return held;
        }

        /** The budget this is a part of. */
        public MemoryBudget budget() {
            return MemoryBudget.this;
        }

        private long charged(long bytes) {
            return Math.max(0, bytes - ALLOWANCE_BYTES);
        }
    }

    /** Bytes reserved now. */
    public long used() {
        return used.get();
    }

    public long capacity() {
        return capacity;
    }

    /** How many reservations were refused so far. */
    public long refusals() {
        return refusals.get();
    }

    public String name() {
        return name;
    }

    /**
     * The capacity of a budget whose setting is {@code configured}: that, or if it is 0, a sixteenth of the maximum heap
     * and at least {@code floor} (a few maximum-size messages). What a budget counts can take up to twice as much heap
     * (G1 gives an array larger than half a region whole regions: a 1 MiB message's buffer takes 2 MiB), so the two
     * derived budgets together hold at most a quarter of the heap, which leaves the rest of the worst case room
     * (docs/limits.md, "Worst case, in one formula").
     */
    public static long derived(long configured, long maxHeapBytes, long floor) {
        if (configured < 0) {
            throw new IllegalArgumentException("a memory budget must be 0 (derived) or positive, not " + configured);
        }
        return configured > 0 ? configured : Math.max(floor, maxHeapBytes / 16);
    }
}

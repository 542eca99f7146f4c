package dev.parley.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the server has asked to write to one upgraded connection and the socket has not yet taken: data frames,
 * pongs, close frames, every write that passes {@link WireGuard}. Each write costs its bytes plus
 * {@link #WRITE_OVERHEAD_BYTES} (the heap a queued write pins besides its bytes, so that a flood of 2-byte pongs is
 * counted at what it really costs). A write that would take the total over the bound is refused. Thread-safe.
 *
 * <p>The bound is the outbound queue's ({@code Limits.outboundMaxBytes}) plus {@link #SLACK_BYTES}: the session's
 * own {@code OutboundQueue} has at most one message in flight, so everything above that is control frames the
 * client has not read.
 */
final class UnwrittenBytes {
    /**
     * Heap a queued write takes besides its bytes: Tyrus's frame, buffer wrapper, Grizzly's queue record, completion
     * handlers. Measured: 260,365 queued empty pongs held 116 MB after a full GC, ~450 bytes each.
     */
    static final int WRITE_OVERHEAD_BYTES = 512;
    /** Room above the outbound bound for control frames written beside a maximum-size message. */
    static final int SLACK_BYTES = 64 * 1024;

    private final long bound;
    private final AtomicLong cost = new AtomicLong();
    private final AtomicInteger writes = new AtomicInteger();

    UnwrittenBytes(long outboundMaxBytes) {
        this.bound = outboundMaxBytes + SLACK_BYTES;
    }

    /** Counts a write of {@code bytes}; false (nothing counted) if it would take the total over the bound. */
    boolean reserve(int bytes) {
        long added = costOf(bytes);
        if (cost.addAndGet(added) > bound) {
            cost.addAndGet(-added);
            return false;
        }
        writes.incrementAndGet();
        return true;
    }

    /** A write {@link #reserve reserved} has been written, or has failed. */
    void release(int bytes) {
        cost.addAndGet(-costOf(bytes));
        writes.decrementAndGet();
    }

    /** The counted cost of the writes not yet done, overheads included. */
    long cost() {
        return cost.get();
    }

    /** How many writes are not yet done. */
    int writes() {
        return writes.get();
    }

    long bound() {
        return bound;
    }

    private static long costOf(int bytes) {
        return (long) bytes + WRITE_OVERHEAD_BYTES;
    }
}

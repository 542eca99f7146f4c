package dev.parley.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.glassfish.grizzly.Connection;

/**
 * The counts behind {@link ConnectionGuard}: connections open and upgraded, each connection's phase and deadline.
 * Every change of phase is a compare-and-set, so each connection leaves the counts exactly once however its close,
 * its upgrade and the guard's timer race.
 */
final class Connections {
    /** Where a connection is; the first three have a deadline, the last two none. */
    enum Phase {
        /** Accepted (or answered and kept alive) and waiting for a complete request head. */
        HEAD,
        /** A complete head has arrived and the response has not started. */
        BUSY,
        /** A response has started; the next request has not come. */
        IDLE,
        /** A WebSocket: no deadline, never evicted. */
        UPGRADED,
        /** Closed, or dropped by the guard. */
        CLOSED
    }

    /** One connection the guard watches. */
    static final class Tracked {
        private final Connection<?> connection;
        private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.HEAD);
        private volatile long deadline;

        Tracked(Connection<?> connection, long deadline) {
            this.connection = connection;
            this.deadline = deadline;
        }

        Connection<?> connection() {
            return connection;
        }

        Phase phase() {
            return phase.get();
        }

        boolean upgraded() {
            return phase.get() == Phase.UPGRADED;
        }

        /** Upgraded or closed: nothing more to watch. */
        boolean finished() {
            Phase now = phase.get();
            return now == Phase.UPGRADED || now == Phase.CLOSED;
        }

        /** Not in the middle of a request: may be closed to make room. */
        boolean evictable() {
            Phase now = phase.get();
            return now == Phase.HEAD || now == Phase.IDLE;
        }

        boolean expired(long nowNanos) {
            return !finished() && nowNanos - deadline >= 0;
        }

        /** A new request's head is complete: true if this starts a request (it was waiting for one). */
        boolean begin(long newDeadline) {
            Phase now = phase.get();
            if (now != Phase.HEAD && now != Phase.IDLE) {
                return false;
            }
            deadline = newDeadline;
            return phase.compareAndSet(now, Phase.BUSY);
        }

        /** A response is going out: the connection waits for the next head until {@code newDeadline}. */
        void answered(long newDeadline) {
            Phase now = phase.get();
            if (now == Phase.HEAD || now == Phase.BUSY || now == Phase.IDLE) {
                deadline = newDeadline;
                phase.compareAndSet(now, Phase.IDLE);
            }
        }

        private boolean moveTo(Phase target) {
            while (true) {
                Phase now = phase.get();
                if (now == Phase.UPGRADED || now == Phase.CLOSED) {
                    return false;
                }
                if (phase.compareAndSet(now, target)) {
                    return true;
                }
            }
        }
    }

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger upgraded = new AtomicInteger();

    int open() {
        return open.get();
    }

    int upgraded() {
        return upgraded.get();
    }

    /** Counts a new connection if fewer than {@code max} are open; false (nothing counted) if not. */
    boolean tryOpen(int max) {
        while (true) {
            int now = open.get();
            if (now >= max) {
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** The 101 went out. */
    void upgrade(Tracked tracked) {
        if (tracked.moveTo(Phase.UPGRADED)) {
            upgraded.incrementAndGet();
        }
    }

    /** The guard closes {@code tracked}: true if it was neither upgraded nor closed, and so leaves the count now. */
    boolean drop(Tracked tracked) {
        if (!tracked.moveTo(Phase.CLOSED)) {
            return false;
        }
        open.decrementAndGet();
        return true;
    }

    /** Grizzly closed the connection (whoever started it). */
    void closed(Tracked tracked) {
        Phase before = tracked.phase.getAndSet(Phase.CLOSED);
        if (before == Phase.CLOSED) {
            return; // dropped by the guard: already counted out
        }
        open.decrementAndGet();
        if (before == Phase.UPGRADED) {
            upgraded.decrementAndGet();
        }
    }
}

package dev.parley.session;

import java.time.Duration;

/**
 * One peer's ping state, and what the sweep does about it: ping it once {@code interval} has passed since its last
 * ping (or since it opened), and give up on it once a ping has waited longer than {@code timeout} for a pong. At most
 * one ping is outstanding: the next is due an interval after the last, and only once the last has been answered.
 *
 * <p>No I/O and no clock: the caller passes the time ({@code System.nanoTime()} in the server, chosen values in a
 * test). Thread-safe: the sweep and the pong handler (a read thread) both use it.
 */
final class Heartbeat {
    /** What the sweep does for this peer now. */
    enum Step {
        /** Nothing: no ping is due, or one is outstanding and still within its deadline. */
        WAIT,
        /** Send a ping: it counts as sent now. */
        PING,
        /** The outstanding ping went unanswered past its deadline: close the session. Given once. */
        DEAD
    }

    private final long intervalNanos;
    private final long timeoutNanos;
    private long lastPingAt;
    private boolean outstanding;
    private boolean dead;

    /** A peer that opened at {@code now} (nanos): its first ping is due an interval later. */
    Heartbeat(Duration interval, Duration timeout, long now) {
        this.intervalNanos = interval.toNanos();
        this.timeoutNanos = timeout.toNanos();
        this.lastPingAt = now;
    }

    /** What to do at {@code now}; a {@link Step#PING} is recorded as sent at {@code now}. */
    synchronized Step step(long now) {
        if (dead) {
            return Step.WAIT;
        }
        long since = now - lastPingAt;
        if (outstanding) {
            if (since > timeoutNanos) {
                dead = true;
                return Step.DEAD;
            }
            return Step.WAIT;
        }
        if (since >= intervalNanos) {
            lastPingAt = now;
            outstanding = true;
            return Step.PING;
        }
        return Step.WAIT;
    }

    /** A pong came: the outstanding ping, if any, is answered (an unsolicited pong too: pings are empty). */
    synchronized void ponged() {
        outstanding = false;
    }

    /** How long the last ping has waited at {@code now} (nanos). */
    synchronized long waited(long now) {
        return now - lastPingAt;
    }
}

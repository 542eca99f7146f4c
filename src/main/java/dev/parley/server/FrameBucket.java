package dev.parley.server;

import dev.parley.session.FrameRate;

/**
 * A token bucket of frames, sans I/O: the caller says what time it is. It starts full ({@link FrameRate#burst()}
 * tokens), refills at {@link FrameRate#perSecond()} tokens a second up to the burst, and {@link #take} takes one
 * token per frame. Thread-safe: a per-address bucket is shared by connections read on different threads.
 */
final class FrameBucket {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    FrameBucket(FrameRate rate, long nowNanos) {
        this.perNano = rate.perSecond() / 1e9;
        this.burst = rate.burst();
        this.tokens = burst;
        this.last = nowNanos;
    }

    /**
     * Takes {@code frames} tokens if the bucket holds that many at {@code nowNanos}.
     *
     * @return false if it does not: the frames are over the budget (nothing is taken)
     */
    synchronized boolean take(int frames, long nowNanos) {
        refill(nowNanos);
        if (tokens < frames) {
            return false;
        }
        tokens -= frames;
        return true;
    }

    /** Whether the bucket has refilled to its burst by {@code nowNanos}: forgetting it would then change nothing. */
    synchronized boolean full(long nowNanos) {
        refill(nowNanos);
        return tokens >= burst;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - last;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            last = nowNanos;
        }
    }
}

package dev.parley.chat;

/**
 * A token bucket: {@code burst} tokens, refilled at {@code ratePerSecond}; each message takes one. Time comes from
 * the caller (nanoseconds), so tests can drive it. Not thread-safe: one per connection, used on its read thread.
 */
final class TokenBucket {
    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long updatedAt;

    TokenBucket(double ratePerSecond, int burst, long now) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.capacity = burst;
        this.tokens = burst;
        this.updatedAt = now;
    }

    boolean tryTake(long now) {
        tokens = Math.min(capacity, tokens + (now - updatedAt) * ratePerNano);
        updatedAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Whether the bucket has refilled completely by {@code now} (then it may be forgotten and made anew). */
    boolean isFullAt(long now) {
        return tokens + (now - updatedAt) * ratePerNano >= capacity;
    }
}

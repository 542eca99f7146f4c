package dev.parley.redis;

import java.time.Duration;

/**
 * The latest Redis time at which a say script may still take effect: the command timeout less a margin (a quarter
 * of it, at most 500 ms) for the answer's way back, on Redis's clock ({@code TIME}, which the script reads), so a
 * say that reaches Redis after its sender was told {@code unavailable} (Redis paused or slow) does nothing. This
 * node's clock is compared with Redis's at start and every minute ({@link #calibrated}); until then they are taken
 * to agree.
 */
final class SayDeadline {
    private final long allowedMillis;
    /** Redis's clock minus ours (ms). */
    private volatile long offsetMillis;

    SayDeadline(Duration timeout) {
        Duration margin = timeout.dividedBy(4).compareTo(Duration.ofMillis(500)) < 0
                ? timeout.dividedBy(4) : Duration.ofMillis(500);
        this.allowedMillis = timeout.minus(margin).toMillis();
    }

    /** The deadline (ms since the epoch, Redis's clock) of a say sent at {@code nowMillis} (this node's clock). */
    long at(long nowMillis) {
        return nowMillis + offsetMillis + allowedMillis;
    }

    /** Redis's {@code TIME} ({@code seconds}, {@code micros}) read between {@code before} and {@code after} (ms). */
    void calibrated(String seconds, String micros, long before, long after) {
        long redis = Long.parseLong(seconds) * 1000 + Long.parseLong(micros) / 1000;
        offsetMillis = redis - (before + after) / 2;
    }
}

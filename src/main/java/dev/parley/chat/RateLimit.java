package dev.parley.chat;

import java.util.function.LongSupplier;

import dev.parley.metrics.Metrics;

/**
 * Each session's message rate (docs/protocol.md, "Limits"): a {@link TokenBucket} of {@code burst} tokens refilled at
 * {@code ratePerSecond}, one token a frame, whether it parses or not. The first frame refused gets a
 * {@code rate_limited} error; refused frames in a row reaching the burst close the session with 1008.
 */
final class RateLimit {
    /** Policy violation (RFC 6455 §7.4.1). */
    private static final int CLOSE_CODE = 1008;

    private final double ratePerSecond;
    private final int burst;
    private final LongSupplier nanoTime;
    private final Metrics metrics;
    private final Replies replies;

    RateLimit(ChatConfig config, LongSupplier nanoTime, Metrics metrics, Replies replies) {
        this.ratePerSecond = config.ratePerSecond();
        this.burst = config.burst();
        this.nanoTime = nanoTime;
        this.metrics = metrics;
        this.replies = replies;
    }

    /** A new session's bucket: full. */
    TokenBucket bucket() {
        return new TokenBucket(ratePerSecond, burst, nanoTime.getAsLong());
    }

    /**
     * Charges one frame to {@code member}; false if it is over the rate (it has been told, or closed). {@code ack}
     * is the frame's request id, for the error. Called on the session's read thread only.
     */
    boolean admit(ChatSession member, String ack) {
        if (member.bucket.tryTake(nanoTime.getAsLong())) {
            member.refusedInARow = 0;
            return true;
        }
        member.refusedInARow++;
        metrics.rateLimited();
        if (member.refusedInARow >= burst) {
            member.link.close(CLOSE_CODE, "rate limit exceeded");
        } else if (member.refusedInARow == 1) {
            replies.error(member, ack, new RequestRejected("rate_limited",
                    "over " + (int) ratePerSecond + " messages per second; slow down"));
        }
        return false;
    }
}

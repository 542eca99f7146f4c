package dev.parley.redis;

/**
 * A Redis command that did not succeed, and why: {@link Reason#TIMEOUT} (no answer within the command timeout; it may
 * still run on Redis later), {@link Reason#DISCONNECTED} (no connection: the command was never sent),
 * {@link Reason#OVERLOADED} (over this node's in-flight cap or Lettuce's request queue: never sent) or
 * {@link Reason#ERROR} (Redis answered with an error, or anything else went wrong). The cause, when there is one, is
 * Lettuce's exception.
 */
public final class RedisUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a command failed; {@link #label()} is the metrics label and the text of {@link #reason()}. */
    public enum Reason {
        TIMEOUT, DISCONNECTED, OVERLOADED, ERROR;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Reason reason;

    public RedisUnavailable(Reason reason, String message, Throwable cause) {
        super("redis " + reason.label() + ": " + message, cause);
        this.reason = reason;
    }

    /** {@code timeout}, {@code disconnected}, {@code overloaded} or {@code error}. */
    public String reason() {
        return reason.label();
    }

    public Reason kind() {
        return reason;
    }

    /**
     * The {@link RedisUnavailable} in {@code failure} (itself, or the cause of a {@code CompletionException}), or
     * null if it holds none.
     */
    public static RedisUnavailable in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RedisUnavailable unavailable) {
                return unavailable;
            }
        }
        return null;
    }
}

package dev.parley.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Logs failed Redis commands that are neither timeouts nor lost connections (Redis answered with an error, or the
 * node's caps refused the command): one line per kind (the reason and Redis's error code, e.g. {@code error ERR}) a
 * minute at most, with Redis's message, so a burst of failures costs a line, not thousands.
 */
final class FailureLog {
    private static final Logger LOG = Logger.getLogger(FailureLog.class.getName());
    static final long EVERY_NANOS = 60_000_000_000L;

    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

    /** Logs {@code failure} unless one of its kind was logged less than a minute ago. */
    void log(RedisUnavailable failure) {
        String kind = kind(failure);
        long now = System.nanoTime();
        boolean first = lastLogged.compute(kind, (k, last) -> last == null || now - last >= EVERY_NANOS ? now : last)
                == now;
        if (first) {
            LOG.warning(() -> "event=redis-command-failed reason=" + failure.reason() + " kind=" + kind
                    + " message=\"" + failure.getMessage() + "\"");
        }
    }

    /** The reason, and for Redis's error replies their first word ({@code ERR}, {@code WRONGTYPE}, ...). */
    static String kind(RedisUnavailable failure) {
        Throwable cause = failure.getCause();
        if (cause instanceof io.lettuce.core.RedisCommandExecutionException && cause.getMessage() != null) {
            String message = cause.getMessage().strip();
            int space = message.indexOf(' ');
            return failure.reason() + "-" + (space > 0 ? message.substring(0, space) : message);
        }
        return failure.reason();
    }
}

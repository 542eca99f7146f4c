package dev.parley.redis;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import dev.parley.redis.RedisUnavailable.Reason;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;

/** What Lettuce's exceptions mean to a caller ({@link RedisUnavailable}'s reasons), and INFO's run_id. */
final class Failures {
    private Failures() {
    }

    static RedisUnavailable classify(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RedisUnavailable unavailable) {
            return unavailable;
        }
        String message = String.valueOf(cause.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        Reason reason;
        if (cause instanceof RedisCommandTimeoutException) {
            reason = Reason.TIMEOUT;
        } else if (cause instanceof RedisCommandExecutionException) {
            reason = Reason.ERROR; // Redis answered, with an error (a script's, WRONGTYPE, NOSCRIPT, ...)
        } else if (lower.contains("queue size exceeded") || lower.contains("buffer size exceeded")) {
            reason = Reason.OVERLOADED;
        } else if (cause instanceof RedisConnectionException || cause instanceof IOException
                || cause instanceof CancellationException || lower.contains("not connected")
                || lower.contains("disconnected") || lower.contains("connection closed")
                || lower.contains("connection is closed") || lower.contains("connection reset")) {
            reason = Reason.DISCONNECTED;
        } else {
            reason = Reason.ERROR;
        }
        return new RedisUnavailable(reason, cause.getClass().getSimpleName() + ": " + message, cause);
    }

    /** The {@code run_id} line of {@code INFO server}; "" if there is none. */
    static String runId(String info) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("run_id:")) {
                return line.substring("run_id:".length()).strip();
            }
        }
        return "";
    }
}

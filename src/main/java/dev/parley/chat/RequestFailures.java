package dev.parley.chat;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a failed stage of a {@link RoomStore} means to the chat: the {@link RequestRejected} it carries, or, for any
 * other failure, {@code unavailable} (the client may retry). Stages wrap a failure in {@link CompletionException}
 * as it passes through them; these look inside.
 */
final class RequestFailures {
    /** The message of {@code unavailable} when the store failed otherwise than with a {@link RequestRejected}. */
    static final String UNAVAILABLE = "the room store did not answer in time; retry";

    private RequestFailures() {
    }

    /** The failure a stage completed with, unwrapped; null for none. */
    static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The refusal {@code failure} carries, or null when it is another failure (the store's, or a bug). */
    static RequestRejected rejection(Throwable failure) {
        return cause(failure) instanceof RequestRejected rejected ? rejected : null;
    }

    /** {@code unavailable}, for a failure that is not a refusal. */
    static RequestRejected unavailable() {
        return new RequestRejected("unavailable", UNAVAILABLE);
    }

    /** {@code failure} to throw again from a stage's function: as it is if unchecked, else wrapped. */
    static RuntimeException rethrown(Throwable failure) {
        return failure instanceof RuntimeException unchecked ? unchecked : new CompletionException(failure);
    }
}

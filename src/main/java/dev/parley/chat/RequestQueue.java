package dev.parley.chat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One session's requests, carried out one at a time in the order they came, so that their answers go out in that
 * order whatever thread a {@link RoomStore} completes them on: each starts once the one before it has been answered
 * (a tail of stages). A request that finds none pending starts at once, on the thread that offers it: with stages
 * that are already complete (the in-memory store) every request runs to its end on the session's read thread, as
 * if there were no queue. At most {@link #MAX_WAITING} requests of at most {@link #MAX_WAITING_CHARS} characters
 * together wait behind the one being carried out; one more is refused. Thread-safe.
 */
final class RequestQueue {
    private static final Logger LOG = Logger.getLogger(RequestQueue.class.getName());
    /** Requests that may wait behind the one being carried out (docs/protocol.md, {@code busy}). */
    static final int MAX_WAITING = 32;
    /**
     * The characters of the frames that may wait (and the one being carried out), so that what waits stays small
     * (32 {@code say}s of 4 KiB of text fit) however large the frames a client may send.
     */
    static final int MAX_WAITING_CHARS = 256 * 1024;

    private static final CompletableFuture<Void> IDLE = CompletableFuture.completedFuture(null);

    /** Completes when the last request offered has been answered. */
    private CompletableFuture<Void> tail = IDLE;
    /** Requests offered and not yet answered: the one being carried out and those waiting. */
    private int pending;
    /** The characters of their frames. */
    private long pendingChars;

    /**
     * Carries out {@code request} once every request offered before it has been answered: at once, on this thread,
     * if none is pending. {@code request} starts the work and returns a stage that completes once it has answered;
     * {@code chars} is the length of its frame.
     *
     * @return false, and nothing is done, when it would wait and {@link #MAX_WAITING} requests wait already, or
     *         their frames and its own would be over {@link #MAX_WAITING_CHARS}
     */
    boolean offer(int chars, Supplier<? extends CompletionStage<?>> request) {
        CompletableFuture<Void> answered = new CompletableFuture<>();
        CompletableFuture<Void> previous;
        synchronized (this) {
            if (pending > 0 && (pending > MAX_WAITING || pendingChars + chars > MAX_WAITING_CHARS)) {
                return false;
            }
            pending++;
            pendingChars += chars;
            previous = tail;
            tail = answered;
        }
        previous.thenRun(() -> start(chars, request, answered));
        return true;
    }

    /** Requests offered and not yet answered now (the one being carried out included). */
    synchronized int pending() {
        return pending;
    }

    private void start(int chars, Supplier<? extends CompletionStage<?>> request, CompletableFuture<Void> answered) {
        CompletionStage<?> work;
        try {
            work = request.get();
        } catch (RuntimeException failed) { // requests answer their own failures: a bug, but the next still starts
            LOG.warning(() -> "event=request-failed cause=" + failed);
            work = IDLE;
        }
        work.whenComplete((result, failure) -> {
            synchronized (this) {
                pending--;
                pendingChars -= chars;
            }
            answered.complete(null); // the next request starts here, on this thread
        });
    }
}

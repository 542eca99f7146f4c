package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** {@link RequestQueue}: at once when idle, on the caller's thread; one at a time otherwise; bounded. */
class RequestQueueTest {
    private final RequestQueue queue = new RequestQueue();
    private final List<String> ran = new ArrayList<>();

    @Test
    void anIdleQueueRunsARequestAtOnceOnTheCallersThread() {
        Thread caller = Thread.currentThread();
        assertTrue(queue.offer(1, () -> {
            ran.add(Thread.currentThread() == caller ? "here" : "elsewhere");
            return CompletableFuture.completedFuture(null);
        }));
        assertEquals(List.of("here"), ran);
        assertEquals(0, queue.pending());
    }

    @Test
    void aRequestWaitsForTheOneBeforeItToBeAnswered() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        queue.offer(1, () -> {
            ran.add("first");
            return first;
        });
        queue.offer(1, () -> {
            ran.add("second");
            return CompletableFuture.completedFuture(null);
        });
        assertEquals(List.of("first"), ran);
        assertEquals(2, queue.pending());
        first.complete(null);
        assertEquals(List.of("first", "second"), ran);
        assertEquals(0, queue.pending());
    }

    @Test
    void waitingIsBoundedInRequestsAndInCharacters() {
        CompletableFuture<Void> running = new CompletableFuture<>();
        assertTrue(queue.offer(RequestQueue.MAX_WAITING_CHARS * 2, () -> running), "nothing pending: never refused");
        assertFalse(queue.offer(1, () -> running), "the characters of what is pending are over the bound");
        running.complete(null);

        CompletableFuture<Void> again = new CompletableFuture<>();
        assertTrue(queue.offer(1, () -> again));
        for (int n = 0; n < RequestQueue.MAX_WAITING; n++) {
            assertTrue(queue.offer(1, () -> CompletableFuture.completedFuture(null)), "waiting: " + n);
        }
        assertFalse(queue.offer(1, () -> CompletableFuture.completedFuture(null)));
        again.complete(null);
        assertEquals(0, queue.pending());
        assertTrue(queue.offer(1, () -> CompletableFuture.completedFuture(null)));
    }
}

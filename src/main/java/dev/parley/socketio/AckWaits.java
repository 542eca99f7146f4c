package dev.parley.socketio;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.parley.engineio.Scheduler;

/**
 * The server's events waiting for a client's ACK, by id: each answered, timed out (on the injected
 * {@link Scheduler}) or failed when the socket goes, exactly once. Thread-safe.
 */
final class AckWaits {
    private final Scheduler scheduler;
    private final AtomicLong nextId = new AtomicLong();
    private final Map<Long, Wait> waits = new ConcurrentHashMap<>();

    AckWaits(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** One event's wait: its id, the answer to come, its timer. */
    static final class Wait {
        private final long id;
        private final CompletableFuture<List<Object>> answer = new CompletableFuture<>();
        private volatile Scheduler.Cancellable timer;

        Wait(long id) {
            this.id = id;
        }

        long id() {
            return id;
        }

        CompletableFuture<List<Object>> answer() {
            return answer;
        }
    }

    Wait open(Duration timeout) {
        long id = nextId.getAndIncrement();
        Wait wait = new Wait(id);
        waits.put(id, wait);
        wait.timer = scheduler.schedule(timeout, () -> {
            if (waits.remove(id, wait)) {
                wait.answer().completeExceptionally(
                        new TimeoutException("no ack within " + timeout.toMillis() + " ms"));
            }
        });
        return wait;
    }

    /** An ACK for {@code id}; one for no waiting event (late, or never asked) is ignored, as the reference does. */
    void answered(long id, List<Object> args) {
        Wait wait = waits.remove(id);
        if (wait != null) {
            cancel(wait);
            wait.answer().complete(args);
        }
    }

    void failAll(String reason) {
        for (Long id : List.copyOf(waits.keySet())) {
            Wait wait = waits.remove(id);
            if (wait != null) {
                cancel(wait);
                wait.answer().completeExceptionally(new IllegalStateException("socket disconnected: " + reason));
            }
        }
    }

    private static void cancel(Wait wait) {
        Scheduler.Cancellable timer = wait.timer;
        if (timer != null) {
            timer.cancel();
        }
    }
}

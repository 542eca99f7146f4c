package dev.parley.engineio;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Where an Engine.IO session's timers run: a real timer in a server, a hand-turned clock in the unit tests. */
public interface Scheduler {
    /** Runs {@code task} once after {@code delay}; the result cancels it. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that may still be cancelled. */
    interface Cancellable {
        void cancel();
    }

    /** A scheduler on {@code timer}; a timer that is shutting down runs nothing more. */
    static Scheduler of(ScheduledExecutorService timer) {
        return (delay, task) -> {
            try {
                ScheduledFuture<?> future = timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
                return () -> future.cancel(false);
            } catch (RejectedExecutionException stopping) {
                return () -> { };
            }
        };
    }
}

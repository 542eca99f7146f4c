package dev.parley.engineio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A clock the tests turn by hand: tasks run when {@link #advance} passes their time, in time order. Public for the
 * Socket.IO tests, whose timers (connect timeouts, acks) run on the same {@link Scheduler}.
 */
public final class ManualScheduler implements Scheduler {
    private final List<Task> tasks = new ArrayList<>();
    private long now;

    private final class Task implements Cancellable {
        final long at;
        final Runnable run;
        boolean cancelled;

        Task(long at, Runnable run) {
            this.at = at;
            this.run = run;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(now + delay.toMillis(), task);
        tasks.add(t);
        return t;
    }

    /** Moves the clock on by {@code millis}, running each task that comes due (and those they schedule). */
    public void advance(long millis) {
        long until = now + millis;
        for (int guard = 0; guard < 10_000; guard++) {
            Task next = null;
            synchronized (this) {
                for (Task t : tasks) {
                    if (!t.cancelled && t.at <= until && (next == null || t.at < next.at)) {
                        next = t;
                    }
                }
                if (next == null) {
                    now = until;
                    return;
                }
                tasks.remove(next);
                now = next.at;
            }
            next.run.run();
        }
        throw new IllegalStateException("tasks keep coming");
    }

    /** Tasks scheduled and not cancelled. */
    public synchronized long pending() {
        return tasks.stream().filter(t -> !t.cancelled).count();
    }
}

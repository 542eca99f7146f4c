package dev.parley.socketio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.parley.engineio.Scheduler;

/** A hand-turned clock: tasks run when {@link #advance} passes their time. */
final class ManualClock implements Scheduler {
    private final List<Task> tasks = new ArrayList<>();
    private long now;

    private static final class Task {
        final long at;
        final Runnable run;
        boolean cancelled;

        Task(long at, Runnable run) {
            this.at = at;
            this.run = run;
        }
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(now + delay.toMillis(), task);
        tasks.add(t);
        return () -> {
            synchronized (ManualClock.this) {
                t.cancelled = true;
            }
        };
    }

    /** Moves time on by {@code millis}, running what falls due, in time order. */
    void advance(long millis) {
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

    /** Tasks scheduled and neither run nor cancelled. */
    synchronized long pending() {
        return tasks.stream().filter(t -> !t.cancelled).count();
    }
}

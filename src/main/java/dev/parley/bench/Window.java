package dev.parley.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * The measured window of one run: opened when the warm-up ends, closed when the duration has passed, with a
 * {@code /proc} sample at each end, and the latencies and counts the workload recorded while it was open. A new one
 * per run, so nothing carries over from the last.
 */
final class Window {
    /** Latencies above a minute are recorded as a minute. */
    static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final LoadRunner.Settings settings;
    private final ProcStats.Sample first;
    private final long start;
    private final long errorsBefore;
    private final Histogram latency = new Histogram(HIGHEST_NANOS, 3);
    private ProcStats.Sample last;
    private long end = Long.MAX_VALUE;
    private long ops;
    private long bytes;

    /** Opens at {@code now}; {@code errorsBefore}: the run's error count so far, which the window leaves out. */
    Window(long now, LoadRunner.Settings settings, long errorsBefore) {
        this.settings = settings;
        this.first = settings.sample();
        this.start = now;
        this.errorsBefore = errorsBefore;
    }

    void close(long now) {
        last = settings.sample();
        end = now;
    }

    boolean isOpen() {
        return last == null;
    }

    long start() {
        return start;
    }

    long errorsBefore() {
        return errorsBefore;
    }

    long ops() {
        return ops;
    }

    /** Whether a request sent (or due) at {@code t} belongs to this window, whenever its answer comes. */
    boolean sentInside(long t) {
        return t >= start && t < end;
    }

    /** One answer: its latency, and one op of {@code length} payload bytes. */
    void answered(long latencyNanos, long length) {
        time(latencyNanos);
        count(length);
    }

    /** One latency. */
    void time(long latencyNanos) {
        record(latency, latencyNanos);
    }

    /** One op of {@code length} payload bytes (0 for a handshake). */
    void count(long length) {
        ops++;
        bytes += length;
    }

    static void record(Histogram h, long nanos) {
        h.recordValue(Math.max(1, Math.min(nanos, HIGHEST_NANOS)));
    }

    Map<String, Object> latencyUs() {
        return RunResult.percentiles(latency);
    }

    /** The window's figures once it is closed ({@code unanswered}: what was still due when the run ended), else null. */
    RunResult.Measured measured(long unanswered) {
        if (last == null) {
            return null;
        }
        return new RunResult.Measured(ProcStats.Delta.between(first, last), last.serverRssKb(), ops, bytes,
                unanswered);
    }
}

package dev.parley.bench;

import java.io.IOException;

/**
 * What the driver and the workload of one scenario share while it runs: when something last arrived and how much did,
 * the errors and the failure that ends it, whether it is still sending, and its {@link Window} once the warm-up is
 * over. A new one per run.
 */
final class Run {

    /** A workload under {@link #measure}: what it does before the loop, on each turn, and at the window's end. */
    interface Paced {
        /** Queues the first sends (or opens), at {@code start}. */
        void prime(long start) throws IOException;

        /** Moves the load on: sends what is due, takes in what arrived. */
        void turn(long now) throws IOException;

        /** Just before the window closes at {@code now}. */
        default void last(long now) {
        }

        /** Whether the window may close before its duration: the workload did what it was asked to (a count). */
        default boolean finished() {
            return false;
        }

        /** Why the run must stop after {@code quietNanos} without anything arriving, or null. */
        String stalled(long quietNanos);
    }

    private final LoadRunner.Settings settings;
    private final Scenario scenario;
    private final Progress progress;
    private long lastProgress;
    private long completed;
    private long errors;
    private String lastError;
    private String failure;
    private boolean sending;
    private Window window;

    Run(LoadRunner.Settings settings, Scenario scenario) {
        this.settings = settings;
        this.scenario = scenario;
        this.progress = new Progress(settings, scenario);
    }

    LoadRunner.Settings settings() {
        return settings;
    }

    Scenario scenario() {
        return scenario;
    }

    Progress progress() {
        return progress;
    }

    /**
     * Starts sending, warms up, measures the window, and stops sending: turns {@code load} on {@code driver} until the
     * window ends or the run fails. Connections are the workload's to open before and to close after.
     */
    void measure(Paced load, Driver driver) throws IOException {
        long start = System.nanoTime();
        long warmupEnd = start + settings.warmup().toNanos();
        // chat --messages N: the window ends when N were said (the stall timeout bounds it), not after a duration
        long end = scenario.kind() == Scenario.Kind.CHAT && settings.messages() > 0 ? Long.MAX_VALUE
                : warmupEnd + settings.duration().toNanos();
        lastProgress = start;
        progress.start(start, completed);
        sending = true;
        load.prime(start);
        driver.flush();
        while (failure == null) {
            long now = System.nanoTime();
            if (window == null && now >= warmupEnd) {
                beginWindow(now);
            }
            if (window != null && (now >= end || load.finished())) {
                load.last(now);
                window.close(now);
                break;
            }
            load.turn(now);
            progress.tick(now, completed, window == null ? "warm-up" : "measure");
            String stall = load.stalled(now - lastProgress);
            if (stall != null) {
                fail(stall);
            }
        }
        sending = false;
    }

    /** The stall message of a workload that waits for answers: when {@code due} are and none came for the timeout. */
    String noAnswer(long due, long quietNanos) {
        return due > 0 && quietNanos > stallNanos()
                ? "no answer for " + settings.stallTimeout().toSeconds() + " s with " + due + " due" : null;
    }

    void beginWindow(long now) {
        window = new Window(now, settings, errors);
    }

    /** The window; null during the warm-up. */
    Window window() {
        return window;
    }

    /** Whether answers are counted now: the window is open. */
    boolean measuring() {
        return window != null && window.isOpen();
    }

    boolean sending() {
        return sending;
    }

    /** Something arrived (an answer, a handshake) at {@code now}. */
    void progressed(long now) {
        lastProgress = now;
    }

    /** One more message or handshake done, for the progress lines. */
    void completed() {
        completed++;
    }

    /** How long nothing has arrived. */
    long quiet(long now) {
        return now - lastProgress;
    }

    long stallNanos() {
        return settings.stallTimeout().toNanos();
    }

    void error(String what) {
        errors++;
        lastError = what;
    }

    /** Ends the run with {@code why}, unless it has already failed. */
    void fail(String why) {
        if (failure == null) {
            failure = why;
        }
    }

    String failure() {
        return failure;
    }

    /** The result, with the window's figures if the window closed; {@code extra}: the workload's own, or null. */
    RunResult result(long unanswered, RunResult.Extra extra) {
        return result(window == null ? null : window.measured(unanswered), extra);
    }

    /** The result without the window's load figures (the idle workload reports memory instead). */
    RunResult resultWithoutLoad(RunResult.Extra extra) {
        return result(null, extra);
    }

    private RunResult result(RunResult.Measured measured, RunResult.Extra extra) {
        long counted = window == null ? errors : errors - window.errorsBefore();
        return new RunResult(scenario, failure, counted, lastError, measured,
                window == null ? RunResult.percentiles(null) : window.latencyUs(), extra);
    }
}

package dev.parley.bench;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Open loop on the echo path at a fixed total rate, the connections taking turns: message n is due at
 * {@code start + n / rate} and goes out then however late the server is, and its latency counts from when it was due
 * (no coordinated omission). Every message due inside the window is timed, whenever its answer comes.
 */
final class RateLoad implements Workload, Run.Paced {
    private static final long POLL_PARK_NANOS = 50_000;

    private final Run run;
    private final Driver driver;
    private final Echoes echoes;
    private final double rate;
    private List<Conn> open;
    private long start;
    private long sent;
    private int next;
    private long scheduledInWindow;
    private long maxBacklog;

    RateLoad(Run run, Driver driver) {
        this.run = run;
        this.driver = driver;
        this.echoes = new Echoes(run, driver);
        this.rate = run.scenario().rate();
    }

    /** What the rate workload adds to the line. */
    private record Figures(long scheduled, long maxBacklog) implements RunResult.Extra {
        @Override
        public void windowed(Map<String, Object> r, double seconds) {
            r.put("scheduled", scheduled);
            r.put("sentPerSec", scheduled / seconds);
            r.put("maxBacklog", maxBacklog);
        }
    }

    @Override
    public RunResult run() throws IOException {
        open = driver.openAll(run.scenario().connections(), run.settings().echoPath());
        run.measure(this, driver);
        driver.pollUntil(System.nanoTime() + EchoLoad.DRAIN_NANOS, 5, () -> echoes.outstanding() > 0);
        driver.closeAll();
        return run.result(echoes.outstanding(), new Figures(scheduledInWindow, maxBacklog));
    }

    @Override
    public void prime(long at) {
        start = at;
        sent = 0;
    }

    @Override
    public void turn(long now) throws IOException {
        pump(now);
        driver.flush();
        poll();
    }

    /** Everything due up to the window's end is sent, however late. */
    @Override
    public void last(long now) {
        pump(now);
        driver.flush();
    }

    @Override
    public String stalled(long quietNanos) {
        return run.noAnswer(echoes.outstanding(), quietNanos);
    }

    /** Queues every message due by {@code now}; fails the run when the server is more than 5 s behind. */
    private void pump(long now) {
        long due = (long) ((now - start) * rate / 1e9) + 1;
        while (sent < due && run.sending()) {
            long intended = start + (long) (sent * 1e9 / rate);
            Conn c = open.get(next);
            next = (next + 1) % open.size();
            echoes.send(c, intended);
            sent++;
            if (run.measuring() && intended >= run.window().start()) {
                scheduledInWindow++;
            }
            maxBacklog = Math.max(maxBacklog, echoes.outstanding());
            if (echoes.outstanding() > Math.max(10_000, (long) (rate * 5))) {
                run.fail("the server fell more than 5 s behind the schedule (" + echoes.outstanding()
                        + " answers due)");
                return;
            }
        }
    }

    /**
     * Between scheduled sends: take whatever is ready without blocking; if nothing was, sleep until the next send
     * is due but at most 50 µs, so answers are timestamped at most that late (a blocking select has 1 ms steps).
     */
    private void poll() throws IOException {
        if (driver.selectNow() > 0) {
            return;
        }
        long wait = start + (long) (sent * 1e9 / rate) - System.nanoTime();
        if (wait > 2_000_000) {
            driver.select(1);
        } else if (wait > 0) {
            LockSupport.parkNanos(Math.min(wait, POLL_PARK_NANOS));
        }
    }

    @Override
    public void message(Conn c, long now, long length, byte[] prefix, int prefixLength) {
        if (!echoes.expected(c)) {
            return;
        }
        long t = echoes.answer(c);
        Window w = run.window();
        if (w != null && w.sentInside(t)) {
            w.time(now - t);
        }
        if (run.measuring()) {
            w.count(length);
        }
    }

    @Override
    public void gone(Conn c, Conn.State was, String why) {
        echoes.gone(c, was, why);
    }
}

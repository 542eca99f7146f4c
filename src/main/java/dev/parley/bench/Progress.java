package dev.parley.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The progress lines of one run on standard error, at most one a second: the rate and the CPU split while it loads,
 * or how many connections are up while they open. Without a stream ({@code --quiet}) it prints nothing.
 */
final class Progress {
    private static final long EVERY = TimeUnit.SECONDS.toNanos(1);

    private final PrintStream out;
    private final LoadRunner.Settings settings;
    private final long serverPid;
    private final String name;
    private final String unit;
    private long next;
    private ProcStats.Sample sample;
    private long countedBefore;

    Progress(LoadRunner.Settings settings, Scenario scenario) {
        this.out = settings.progress();
        this.settings = settings;
        this.serverPid = settings.serverPid();
        this.name = scenario.name();
        this.unit = scenario.kind().unit;
    }

    /** Rate lines from {@code now}: the first a second later, counting from {@code completed}. */
    void start(long now, long completed) {
        sample = settings.sample();
        countedBefore = completed;
        next = now + EVERY;
    }

    /** The next line a second after {@code now}. */
    void restart(long now) {
        next = now + EVERY;
    }

    /** e.g. {@code rtt100 measure 25,312 msg/s server 80.1% client 60.3% foreign 2.0%}, if a second has passed. */
    void tick(long now, long completed, String phase) {
        if (out == null || now < next) {
            return;
        }
        ProcStats.Sample taken = settings.sample();
        ProcStats.Delta d = ProcStats.Delta.between(sample, taken);
        double rate = (completed - countedBefore) / d.seconds();
        if (serverPid > 0) {
            out.printf(Locale.ROOT, "  %-9s %-7s %,11.0f %s/s  server %5.1f%%  client %5.1f%%  foreign %5.1f%%%n",
                    name, phase, rate, unit, d.serverCpuPercent(), d.clientCpuPercent(), d.foreignCpuPercent());
        } else {
            // Without --pid the server's CPU is unknown (and inside "others"): no NaN column.
            out.printf(Locale.ROOT, "  %-9s %-7s %,11.0f %s/s  client %5.1f%%  others %5.1f%%  (server CPU: give --pid)%n",
                    name, phase, rate, unit, d.clientCpuPercent(), d.foreignCpuPercent());
        }
        sample = taken;
        countedBefore = completed;
        next = now + EVERY;
    }

    /** While connections open or subscribe: e.g. {@code bcast1000 connected 312/1000}, if a second has passed. */
    void waiting(long now, String what, int done, int of) {
        if (out == null || now < next) {
            return;
        }
        out.printf(Locale.ROOT, "  %-9s %-10s %d/%d%n", name, what, done, of);
        next = now + EVERY;
    }
}

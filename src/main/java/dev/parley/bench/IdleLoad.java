package dev.parley.bench;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Idle connections: open {@code connections}, hold them for {@code --hold}, read the server's memory before and after,
 * then prove every one alive with one echo each (the window is that round of echoes).
 */
final class IdleLoad implements Workload {
    private final Run run;
    private final Driver driver;
    private final Echoes echoes;

    IdleLoad(Run run, Driver driver) {
        this.run = run;
        this.driver = driver;
        this.echoes = new Echoes(run, driver);
    }

    /** What the idle workload adds to the line: how fast the connections opened, and what they cost the server. */
    private record Figures(int connections, long openNanos, long alive, ServerMemory before, ServerMemory after)
            implements RunResult.Extra {
        @Override
        public void last(Map<String, Object> r) {
            int n = connections;
            r.put("openSeconds", openNanos / 1e9);
            r.put("opensPerSec", n / (openNanos / 1e9));
            r.put("alive", alive);
            r.put("rssBeforeKb", before.rssKb());
            r.put("rssAfterKb", after.rssKb());
            r.put("rssPerConnKb", before.rssKb() >= 0 && after.rssKb() >= 0
                    ? (after.rssKb() - before.rssKb()) / (double) n : null);
            r.put("heapBeforeKb", before.heapKb() >= 0 ? before.heapKb() : null);
            r.put("heapAfterKb", after.heapKb() >= 0 ? after.heapKb() : null);
            r.put("heapPerConnKb", before.heapKb() >= 0 && after.heapKb() >= 0
                    ? (after.heapKb() - before.heapKb()) / (double) n : null);
        }
    }

    @Override
    public RunResult run() throws IOException {
        LoadRunner.Settings settings = run.settings();
        int n = run.scenario().connections();
        ServerMemory before = ServerMemory.read(settings.serverPid(), settings.jvmServer());
        long t0 = System.nanoTime();
        List<Conn> open = driver.openAll(n, settings.echoPath());
        long t1 = System.nanoTime();
        driver.pollUntil(t1 + settings.idleHold().toNanos(), 50, () -> true);
        ServerMemory after = ServerMemory.read(settings.serverPid(), settings.jvmServer());
        // Liveness: one echo on every connection, all must come back.
        run.beginWindow(System.nanoTime());
        long now = System.nanoTime();
        for (Conn c : open) {
            echoes.send(c, now);
        }
        driver.flush();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10) + n * 100_000L;
        driver.pollUntil(until, 5, () -> echoes.outstanding() > 0);
        run.window().close(System.nanoTime());
        long alive = run.window().ops();
        driver.closeAll();
        if (alive < n) {
            run.fail((n - alive) + " of " + n + " idle connections did not echo");
        }
        return run.resultWithoutLoad(new Figures(n, t1 - t0, alive, before, after));
    }

    @Override
    public void message(Conn c, long now, long length, byte[] prefix, int prefixLength) {
        echoes.answered(c, now, length);
    }

    @Override
    public void gone(Conn c, Conn.State was, String why) {
        echoes.gone(c, was, why);
    }
}

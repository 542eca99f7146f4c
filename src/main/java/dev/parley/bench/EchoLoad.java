package dev.parley.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Closed loop on the echo path: every connection keeps {@code inFlight} messages out, and each answer sends the next
 * on its connection. Latency from each message's send.
 */
final class EchoLoad implements Workload, Run.Paced {
    /** After the window: how long answers still due may take. */
    static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Run run;
    private final Driver driver;
    private final Echoes echoes;
    private List<Conn> open;

    EchoLoad(Run run, Driver driver) {
        this.run = run;
        this.driver = driver;
        this.echoes = new Echoes(run, driver);
    }

    @Override
    public RunResult run() throws IOException {
        open = driver.openAll(run.scenario().connections(), run.settings().echoPath());
        run.measure(this, driver);
        driver.pollUntil(System.nanoTime() + DRAIN_NANOS, 5, () -> echoes.outstanding() > 0);
        driver.closeAll();
        return run.result(echoes.outstanding(), null);
    }

    @Override
    public void prime(long start) {
        for (Conn c : open) {
            for (int i = 0; i < run.scenario().inFlight(); i++) {
                echoes.send(c, start);
            }
        }
    }

    @Override
    public void turn(long now) throws IOException {
        driver.select(5);
    }

    @Override
    public String stalled(long quietNanos) {
        return run.noAnswer(echoes.outstanding(), quietNanos);
    }

    @Override
    public void message(Conn c, long now, long length, byte[] prefix, int prefixLength) {
        if (echoes.answered(c, now, length) && run.sending()) {
            echoes.send(c, now);
        }
    }

    @Override
    public void gone(Conn c, Conn.State was, String why) {
        echoes.gone(c, was, why);
    }
}

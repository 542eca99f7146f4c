package dev.parley.bench;

import java.io.IOException;

/**
 * Handshakes: {@code connections} at once on the echo path, each sending a close frame as soon as it is open and
 * replaced by a new one when the server's close ends it. Latency from the TCP connect to the handshake's end; an op
 * is a connection closed cleanly.
 */
final class ConnectLoad implements Workload, Run.Paced {
    private final Run run;
    private final Driver driver;

    ConnectLoad(Run run, Driver driver) {
        this.run = run;
        this.driver = driver;
    }

    @Override
    public RunResult run() throws IOException {
        run.measure(this, driver);
        driver.pollUntil(System.nanoTime() + EchoLoad.DRAIN_NANOS, 5, () -> driver.live() > 0);
        driver.closeAll();
        return run.result(0, null);
    }

    @Override
    public void prime(long start) throws IOException {
        for (int i = 0; i < run.scenario().connections(); i++) {
            driver.connect(run.settings().echoPath());
        }
    }

    @Override
    public void turn(long now) throws IOException {
        driver.select(5);
    }

    @Override
    public String stalled(long quietNanos) {
        return quietNanos > run.stallNanos()
                ? "no handshake completed for " + run.settings().stallTimeout().toSeconds() + " s" : null;
    }

    @Override
    public void opened(Conn c, long now) {
        if (run.measuring()) {
            run.window().time(now - c.startedAt);
        }
        c.startClose();
    }

    @Override
    public void message(Conn c, long now, long length, byte[] prefix, int prefixLength) {
        run.error("an answer to nothing sent"); // nothing is ever sent on these connections but a close
    }

    @Override
    public void gone(Conn c, Conn.State was, String why) {
        if (was == Conn.State.CLOSING && why == null) {
            run.completed();
            if (run.measuring()) {
                run.window().count(0);
            }
        } else {
            run.error(why == null ? "closed by the server before the handshake ended" : why);
        }
        if (run.sending()) {
            try {
                driver.connect(c.path);
            } catch (IOException e) {
                run.error(e.toString());
            }
        }
    }
}

package dev.parley.bench;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Broadcast fan-out: every connection subscribes to the broadcast path; {@code inFlight} broadcasts are out at once,
 * each from the next connection in turn, carrying its send time ({@link Timestamps}) in its payload; when the last
 * connection has its copy, the next broadcast goes. Latency per delivery, fan-out time per broadcast.
 */
final class BroadcastLoad implements Workload, Run.Paced {
    private static final long PROBE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Run run;
    private final Driver driver;
    /** The broadcast, encoded once; each send writes its timestamp into the (masked) payload. */
    private final byte[] frame;
    private final int payloadAt;
    private final byte[] stamp = new byte[Timestamps.LENGTH];
    /** Deliveries still due per broadcast, by its timestamp. */
    private final Map<Long, int[]> due = new HashMap<>();
    /** Timestamps of the probe broadcasts of {@link #awaitSubscribed()}: their copies are not measured. */
    private final Set<Long> probes = new HashSet<>();
    private final Set<Conn> subscribed = new HashSet<>();
    private final Histogram fanout = new Histogram(Window.HIGHEST_NANOS, 3);
    private List<Conn> open;
    private int nextSender;
    private long lastStamp;
    private long outstanding;
    private long broadcasts;

    BroadcastLoad(Run run, Driver driver) {
        this.run = run;
        this.driver = driver;
        this.frame = driver.textMessage(run.scenario().size());
        this.payloadAt = frame.length - run.scenario().size();
    }

    /** What the broadcast workload adds to the line. */
    private record Figures(long broadcasts, Map<String, Object> fanoutUs) implements RunResult.Extra {
        @Override
        public void windowed(Map<String, Object> r, double seconds) {
            r.put("broadcasts", broadcasts);
            r.put("fanoutUs", fanoutUs);
        }
    }

    @Override
    public RunResult run() throws IOException {
        open = driver.openAll(run.scenario().connections(), run.settings().broadcastPath());
        run.measure(this, driver);
        driver.pollUntil(System.nanoTime() + EchoLoad.DRAIN_NANOS, 5, () -> outstanding > 0);
        driver.closeAll();
        return run.result(outstanding, new Figures(broadcasts, RunResult.percentiles(fanout)));
    }

    @Override
    public void prime(long start) throws IOException {
        awaitSubscribed();
        for (int i = 0; i < run.scenario().inFlight(); i++) {
            send();
        }
    }

    @Override
    public void turn(long now) throws IOException {
        driver.select(5);
    }

    @Override
    public String stalled(long quietNanos) {
        return run.noAnswer(outstanding, quietNanos);
    }

    /**
     * Tyrus answers a handshake before it lists the new session among the open ones, so a broadcast sent the moment
     * the connections are up can miss some, and the closed loop would wait for copies that never come. Probe
     * broadcasts go out (one each 200 ms) until every connection has received one; copies of probes that arrive
     * later are ignored.
     */
    private void awaitSubscribed() throws IOException {
        long deadline = System.nanoTime() + Driver.OPEN_TIMEOUT_NANOS;
        run.progress().restart(System.nanoTime());
        while (subscribed.size() < open.size()) {
            if (run.failure() != null) {
                throw new IOException(run.failure());
            }
            run.progress().waiting(System.nanoTime(), "subscribed", subscribed.size(), open.size());
            if (System.nanoTime() > deadline) {
                throw new IOException("only " + subscribed.size() + " of " + open.size() + " connections received a "
                        + "broadcast within " + TimeUnit.NANOSECONDS.toSeconds(Driver.OPEN_TIMEOUT_NANOS) + " s");
            }
            probes.add(stamp());
            open.get(0).sendMessage(frame);
            driver.flush();
            driver.pollUntil(System.nanoTime() + PROBE_EVERY_NANOS, 5,
                    () -> subscribed.size() < open.size() && run.failure() == null);
        }
    }

    private void send() {
        Conn c = open.get(nextSender);
        nextSender = (nextSender + 1) % open.size();
        due.put(stamp(), new int[] {open.size()});
        outstanding += open.size();
        c.sendMessage(frame);
    }

    /** Writes a fresh, increasing timestamp into the frame's (masked) payload and returns it. */
    private long stamp() {
        long t = System.nanoTime();
        if (t <= lastStamp) {
            t = lastStamp + 1;
        }
        lastStamp = t;
        Timestamps.write(t, stamp, 0);
        for (int i = 0; i < Timestamps.LENGTH; i++) {
            frame[payloadAt + i] = (byte) (stamp[i] ^ Driver.MASK_KEY >>> (24 - 8 * (i & 3)));
        }
        return t;
    }

    @Override
    public void message(Conn c, long now, long length, byte[] prefix, int prefixLength) {
        long t = Timestamps.read(prefix, 0, prefixLength);
        if (probes.contains(t)) {
            subscribed.add(c);
            return;
        }
        int[] left = t == Long.MIN_VALUE ? null : due.get(t);
        if (left == null) {
            run.error("a broadcast without a known timestamp");
            return;
        }
        outstanding--;
        boolean measuring = run.measuring();
        if (measuring) {
            run.window().answered(now - t, length);
        }
        if (--left[0] == 0) {
            due.remove(t);
            if (measuring) {
                Window.record(fanout, now - t);
                broadcasts++;
            }
            if (run.sending()) {
                send();
            }
        }
    }

    @Override
    public void gone(Conn c, Conn.State was, String why) {
        if (was == Conn.State.OPEN) {
            String reason = why == null ? "closed by the server" : why;
            run.error("connection lost: " + reason);
            run.fail("a subscriber was closed during the run: " + reason);
        }
    }
}

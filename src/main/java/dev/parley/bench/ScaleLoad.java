package dev.parley.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Many connections on one server (issue 16): open {@code connections} on the broadcast path, bound in turn to the
 * {@code --source-addresses}, at most 256 handshakes at a time; hold them for {@code --hold}; read the server's and
 * this process's memory; then send {@code --broadcasts} broadcasts one after the other, each from the next connection,
 * and wait for every connection's copy of each. Reports the handshake rate while they opened, memory per connection,
 * the time from each send to its last delivery, and every copy that did not arrive. A connection that did not get a
 * broadcast fails the run.
 */
final class ScaleLoad implements Workload {
    /** Descriptors this JVM keeps besides the connections (jars, the selector, pipes, /proc reads, jcmd). */
    private static final int SPARE_DESCRIPTORS = 64;
    /** How long a broadcast may take to reach everyone: at least this, */
    private static final long BROADCAST_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** and this much more per connection. */
    private static final long BROADCAST_WAIT_NANOS_PER_CONNECTION = TimeUnit.MICROSECONDS.toNanos(200);

    private final Run run;
    private final Driver driver;
    private final int n;
    /** The broadcast, encoded once; each send writes its timestamp into the (masked) payload. */
    private final byte[] frame;
    private final int payloadAt;
    private final byte[] stamp = new byte[Timestamps.LENGTH];
    private final long[] sentAt;
    private final long[] lastAt;
    private final int[] delivered;
    private long openStart;
    private long secondStart;
    private int openedThisSecond;
    private int peakPerSecond;
    private int lost;
    private long duplicates;

    ScaleLoad(Run run, Driver driver) {
        this.run = run;
        this.driver = driver;
        this.n = run.scenario().connections();
        this.frame = driver.textMessage(run.scenario().size());
        this.payloadAt = frame.length - run.scenario().size();
        int broadcasts = run.settings().broadcasts();
        this.sentAt = new long[broadcasts];
        this.lastAt = new long[broadcasts];
        this.delivered = new int[broadcasts];
    }

    @Override
    public RunResult run() throws IOException {
        LoadRunner.Settings settings = run.settings();
        preflight(run, n);
        ServerMemory serverBefore = ServerMemory.read(settings.serverPid(), settings.jvmServer());
        ServerMemory clientBefore = clientMemory();
        openStart = System.nanoTime();
        secondStart = openStart;
        List<Conn> open = driver.openAll(n, settings.broadcastPath());
        long openNanos = System.nanoTime() - openStart;
        driver.pollUntil(System.nanoTime() + settings.idleHold().toNanos(), 50, () -> run.failure() == null);
        ServerMemory serverAfter = ServerMemory.read(settings.serverPid(), settings.jvmServer());
        ServerMemory clientAfter = clientMemory();
        int held = n - lost;
        run.beginWindow(System.nanoTime());
        for (int b = 0; b < sentAt.length && run.failure() == null; b++) {
            broadcast(b, open);
        }
        run.window().close(System.nanoTime());
        driver.closeAll();
        long missing = 0;
        List<ScaleFigures.Broadcast> each = new ArrayList<>();
        for (int b = 0; b < sentAt.length; b++) {
            missing += n - delivered[b];
            each.add(new ScaleFigures.Broadcast(delivered[b], n - delivered[b],
                    delivered[b] > 0 ? (lastAt[b] - sentAt[b]) / 1e6 : Double.NaN));
        }
        if (missing > 0) {
            run.fail(missing + " of " + (long) n * sentAt.length + " broadcast copies did not arrive ("
                    + lost + " of " + n + " connections lost)");
        } else if (duplicates > 0) {
            run.fail(duplicates + " broadcast copies arrived twice");
        }
        return run.result(missing, new ScaleFigures(n, settings.sources().count(), openNanos,
                peakPerSecond, held, each, missing, serverBefore, serverAfter, clientBefore, clientAfter));
    }

    /**
     * Fails at once, saying what to change, if this process may not open {@code n} sockets or ports run out (also
     * {@link RoomScaleLoad}'s check).
     */
    static void preflight(Run run, int n) throws IOException {
        int ports = SourceAddresses.fastPorts();
        SourceAddresses given = run.settings().sources();
        int sources = given.count();
        // Without binding, the kernel picks each port at connect, from the whole range towards this one server.
        int perSource = given.any() ? ports : 2 * ports;
        if (ports > 0 && (n + sources - 1) / sources > perSource) {
            int needed = (n + ports - 1) / ports;
            throw new IOException(n + " connections need at least " + needed + " source addresses: the kernel "
                    + "binds " + ports + " ports of one address quickly (half of net.ipv4.ip_local_port_range), "
                    + "then each bind takes milliseconds; give --source-addresses, e.g. 127.0.1.1-127.0.1." + needed);
        }
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            long needed = unix.getOpenFileDescriptorCount() + n + SPARE_DESCRIPTORS;
            if (needed > max) {
                throw new IOException(n + " connections need about " + needed + " file descriptors and this process "
                        + "may open " + max + ": raise the limit in the shell that starts it (ulimit -n " + needed
                        + "; at most the hard limit, ulimit -Hn)");
            }
        }
    }

    /** Broadcast {@code b} from the next open connection; waits until every connection has it, or gives up. */
    private void broadcast(int b, List<Conn> open) throws IOException {
        Conn sender = null;
        for (int i = 0; i < open.size() && sender == null; i++) {
            Conn c = open.get((b + i) % open.size());
            sender = c.state() == Conn.State.OPEN ? c : null;
        }
        if (sender == null) {
            run.fail("no connection left to send a broadcast from");
            return;
        }
        sentAt[b] = stamp();
        sender.enqueue(frame, frame.length);
        driver.flush();
        run.progressed(System.nanoTime());
        run.progress().restart(System.nanoTime());
        long deadline = sentAt[b] + BROADCAST_WAIT_NANOS + n * BROADCAST_WAIT_NANOS_PER_CONNECTION;
        while (delivered[b] < n - lost) {
            long now = System.nanoTime();
            if (now > deadline || run.quiet(now) > run.stallNanos()) {
                return; // what is missing is counted
            }
            run.progress().waiting(now, "delivered", delivered[b], n);
            driver.select(5);
        }
    }

    /** Writes a fresh, increasing timestamp into the frame's (masked) payload and returns it. */
    private long stamp() {
        long t = System.nanoTime();
        Timestamps.write(t, stamp, 0);
        for (int i = 0; i < Timestamps.LENGTH; i++) {
            frame[payloadAt + i] = (byte) (stamp[i] ^ Driver.MASK_KEY >>> (24 - 8 * (i & 3)));
        }
        return t;
    }

    /** This process's RSS, and its heap after a full GC: what the client side costs. */
    static ServerMemory clientMemory() {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new ServerMemory(ProcStats.rssKb(ProcessHandle.current().pid()), heap / 1024);
    }

    @Override
    public void opened(Conn c, long now) {
        c.attachment = new int[] {-1}; // the last broadcast this connection got
        while (now - secondStart >= TimeUnit.SECONDS.toNanos(1)) {
            peakPerSecond = Math.max(peakPerSecond, openedThisSecond);
            openedThisSecond = 0;
            secondStart += TimeUnit.SECONDS.toNanos(1);
        }
        openedThisSecond++;
    }

    @Override
    public void message(Conn c, long now, long length, byte[] prefix, int prefixLength) {
        long t = Timestamps.read(prefix, 0, prefixLength);
        int b = sentAt.length - 1;
        while (b >= 0 && sentAt[b] != t) {
            b--;
        }
        if (t == Long.MIN_VALUE || b < 0) {
            run.error("a broadcast without a known timestamp");
            return;
        }
        int[] last = (int[]) c.attachment;
        if (last[0] == b) {
            duplicates++;
            run.error("a connection got broadcast " + (b + 1) + " again");
            return;
        }
        if (last[0] > b) { // its wait is over, and this copy was counted missing
            run.error("a copy of broadcast " + (b + 1) + " arrived after the next broadcast");
            return;
        }
        last[0] = b;
        delivered[b]++;
        lastAt[b] = now;
        if (run.measuring()) {
            run.window().answered(now - t, length);
        }
    }

    @Override
    public void gone(Conn c, Conn.State was, String why) {
        if (was == Conn.State.OPEN) {
            lost++;
            run.error("connection lost: " + (why == null ? "closed by the server" : why));
        }
    }
}

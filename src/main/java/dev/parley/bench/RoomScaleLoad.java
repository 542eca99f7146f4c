package dev.parley.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One bench process's share of a scale run over several nodes (issue 16, {@code -s scale --room NAME}): open
 * {@code connections} to the chat path, bound in turn to the {@code --source-addresses}, each joining the one room as
 * soon as it is welcomed (at most 256 handshakes at a time; opening may take up to {@code --hold}); once every join is answered, say so on the progress
 * stream ("ready"), send nothing, and wait up to {@code --hold} for one message in the room on every connection, sent
 * by someone else (the publish API). Reports the handshake rate, and the first and last delivery as wall-clock times,
 * which a script merges over all processes of the run (they share the box's clock). A connection that did not get the
 * message, or got it twice, fails the run.
 */
final class RoomScaleLoad implements Workload {
    private static final byte[] JOIN_ACK = ChatFrame.ascii("j");

    private final Run run;
    private final Driver driver;
    private final int n;
    private final byte[] room;
    private final byte[] join;
    private final ChatFrame frame = new ChatFrame();
    /** The wall clock at {@link #nanoBase}, in ns since the epoch: turns {@code System.nanoTime()} into wall time. */
    private final long wallBase;
    private final long nanoBase;
    private long openStart;
    private long secondStart;
    private int openedThisSecond;
    private int peakPerSecond;
    private int joined;
    private int delivered;
    private int lost;
    private long firstAt;
    private long lastAt;

    RoomScaleLoad(Run run, Driver driver) {
        this.run = run;
        this.driver = driver;
        this.n = run.scenario().connections();
        String name = run.settings().room();
        this.room = name.getBytes(StandardCharsets.US_ASCII);
        this.join = driver.textMessage(ChatFrame.ascii("{\"type\":\"join\",\"room\":\"" + name + "\",\"ack\":\"j\"}"));
        Instant now = Instant.now();
        this.nanoBase = System.nanoTime();
        this.wallBase = TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }

    @Override
    public RunResult run() throws IOException {
        LoadRunner.Settings settings = run.settings();
        ScaleLoad.preflight(run, n);
        ServerMemory clientBefore = ScaleLoad.clientMemory();
        openStart = System.nanoTime();
        secondStart = openStart;
        // Many bench processes share a loaded box: opening may take longer than the default allows; --hold bounds it.
        List<Conn> open = driver.openAll(n, i -> driver.connect(settings.chatPath()),
                Math.max(Driver.OPEN_TIMEOUT_NANOS, settings.idleHold().toNanos()));
        long openNanos = System.nanoTime() - openStart;
        awaitJoined();
        long joinNanos = System.nanoTime() - openStart;
        ServerMemory clientAfter = ScaleLoad.clientMemory();
        if (settings.progress() != null) {
            settings.progress().println("ready: " + open.size() + " connections joined " + settings.room());
            settings.progress().flush();
        }
        long deadline = System.nanoTime() + settings.idleHold().toNanos();
        run.progress().restart(System.nanoTime());
        while (delivered < n - lost && run.failure() == null && System.nanoTime() < deadline) {
            run.progress().waiting(System.nanoTime(), "delivered", delivered, n);
            driver.select(5);
        }
        driver.closeAll();
        int missing = n - delivered;
        if (missing > 0 && run.failure() == null) {
            run.fail(missing + " of " + n + " connections did not get the room's message within --hold (" + lost
                    + " connections lost)");
        }
        return run.resultWithoutLoad(new RoomScaleFigures(settings.room(), n, settings.sources().count(), openNanos,
                peakPerSecond, joinNanos, n - lost, delivered, missing, wallMicros(firstAt), wallMicros(lastAt),
                clientBefore, clientAfter));
    }

    /** Until every connection's join is answered; fails on a refusal, a lost connection or the stall timeout. */
    private void awaitJoined() throws IOException {
        run.progress().restart(System.nanoTime());
        while (joined < n) {
            long now = System.nanoTime();
            if (run.failure() != null) {
                throw new IOException(run.failure());
            }
            if (run.quiet(now) > run.stallNanos()) {
                throw new IOException("only " + joined + " of " + n + " joins answered, none in the last "
                        + run.settings().stallTimeout().toSeconds() + " s");
            }
            run.progress().waiting(now, "joined", joined, n);
            driver.select(10);
        }
    }

    /** {@code at} (a {@code System.nanoTime()}) as µs since the epoch, or -1 for 0 (nothing happened). */
    private long wallMicros(long at) {
        return at == 0 ? -1 : (wallBase + (at - nanoBase)) / 1000;
    }

    @Override
    public void opened(Conn c, long now) {
        c.attachment = new int[] {0}; // 0 joining, 1 joined, 2 got the message
        while (now - secondStart >= TimeUnit.SECONDS.toNanos(1)) {
            peakPerSecond = Math.max(peakPerSecond, openedThisSecond);
            openedThisSecond = 0;
            secondStart += TimeUnit.SECONDS.toNanos(1);
        }
        openedThisSecond++;
        c.enqueue(join, join.length);
    }

    @Override
    public void message(Conn c, long now, long length, byte[] prefix, int prefixLength) {
        int[] state = (int[]) c.attachment;
        frame.read(prefix, prefixLength);
        switch (frame.type) {
            case ACK -> {
                if (state[0] == 0 && frame.ackIs(JOIN_ACK)) {
                    state[0] = 1;
                    joined++;
                    run.progressed(now);
                }
            }
            case ERROR -> run.fail("the server answered a join with " + frame.code());
            case MESSAGE -> {
                if (!frame.roomIs(room)) {
                    return;
                }
                if (state[0] == 2) {
                    run.error("a connection got a second message in the room");
                    return;
                }
                state[0] = 2;
                delivered++;
                firstAt = firstAt == 0 ? now : firstAt;
                lastAt = now;
            }
            default -> {
                // welcome, presence: nothing to count
            }
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

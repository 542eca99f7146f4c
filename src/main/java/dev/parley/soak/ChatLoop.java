package dev.parley.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The soak's chat clients on one thread and one selector: opens them (at most {@value #MAX_HANDSHAKES} handshakes at a
 * time), ticks them, then at the end of the run goes quiet, lets every resume finish, asks every room for its last id
 * once more ({@link RoomLedger#finalCheck}) and closes. Every wait is bounded.
 */
final class ChatLoop implements Runnable {
    private static final int MAX_HANDSHAKES = 64;
    private static final long SELECT_MILLIS = 5;
    private static final long QUIET_MIN = TimeUnit.SECONDS.toNanos(1);

    /** Where the clients connect from: {@code clientsPerAddress} of them per loopback address from {@code first}. */
    record Sources(InetAddress first, int clientsPerAddress) {
        InetAddress of(int client) {
            if (first == null) {
                return null;
            }
            return Attacks.plus(first, client / clientsPerAddress);
        }

        int addresses(int clients) {
            return first == null ? 1 : (clients + clientsPerAddress - 1) / clientsPerAddress;
        }
    }

    private final SoakPlan plan;
    private final InetSocketAddress server;
    private final Sources sources;
    private final Duration duration;
    private final Duration settle;
    private final PrintStream progress;
    private final Duration progressEvery;
    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    private final SplittableRandom random;
    private final List<SoakClient> clients = new ArrayList<>();
    private final Tally tally = new Tally();
    private int connecting;
    private int unsettled;
    private int unchecked;

    ChatLoop(SoakPlan plan, InetSocketAddress server, Sources sources, Duration duration, Duration settle,
            PrintStream progress, Duration progressEvery) {
        this.plan = plan;
        this.server = server;
        this.sources = sources;
        this.duration = duration;
        this.settle = settle;
        this.progress = progress;
        this.progressEvery = progressEvery;
        this.random = new SplittableRandom(plan.seed());
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The counts; read after the thread that ran this loop has ended. */
    Tally tally() {
        return tally;
    }

    /** Clients that were not connected with every answer in when the run ended (their last moments are not judged). */
    int unsettled() {
        return unsettled;
    }

    /** Clients whose final check did not come back in time. */
    int unchecked() {
        return unchecked;
    }

    boolean mayConnect() {
        return connecting < MAX_HANDSHAKES;
    }

    void connecting(int delta) {
        connecting += delta;
    }

    WsConnection open(InetAddress local, String target, WsConnection.Listener listener) throws IOException {
        return WsConnection.open(selector, local, server, target, listener, random);
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        for (int i = 0; i < plan.clients(); i++) {
            clients.add(new SoakClient(i, sources.of(i), plan, this, tally, start));
        }
        long end = start + duration.toNanos();
        long nextProgress = start + progressEvery.toNanos();
        long now = start;
        while (now < end) {
            now = step();
            if (now >= nextProgress) {
                nextProgress += progressEvery.toNanos();
                report(now - start);
            }
        }
        clients.forEach(SoakClient::quiet);
        long quietAt = now;
        long settleEnd = now + settle.toNanos();
        while (now < settleEnd && (now - quietAt < QUIET_MIN || !clients.stream().allMatch(SoakClient::settled))) {
            now = step();
        }
        unsettled = (int) clients.stream().filter(c -> !c.settled()).count();
        if (progress != null) {
            clients.stream().filter(c -> !c.settled()).limit(5).forEach(c -> progress.println("soak: not settled: "
                    + c.describe()));
        }
        clients.forEach(SoakClient::finalCheck);
        long checkEnd = now + settle.toNanos();
        while (now < checkEnd && !clients.stream().allMatch(SoakClient::answered)) {
            now = step();
        }
        unchecked = (int) clients.stream().filter(c -> !c.answered()).count();
        clients.forEach(SoakClient::finish);
        report(now - start);
        try {
            selector.close();
        } catch (IOException ignored) {
            // every channel is closed already
        }
    }

    private long step() {
        try {
            selector.select(SELECT_MILLIS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (SelectionKey key : selector.selectedKeys()) {
            ((WsConnection) key.attachment()).ready(readBuffer);
        }
        selector.selectedKeys().clear();
        long now = System.nanoTime();
        for (SoakClient client : clients) {
            client.tick(now);
        }
        return now;
    }

    private void report(long elapsedNanos) {
        if (progress == null) {
            return;
        }
        long connected = clients.stream().filter(SoakClient::connected).count();
        double seconds = elapsedNanos / 1e9;
        progress.printf(Locale.ROOT, "soak %6.0f s: %d/%d connected, %,d said, %,d received live (%,.0f/s), %,d from "
                        + "history, %,d resumes, failures %d (lost %d, dup %d, order %d, unexpected %d, own %d), "
                        + "errors %s, closes %s%n",
                seconds, connected, clients.size(), tally.saysAcked, tally.liveMessages,
                tally.liveMessages / Math.max(seconds, 1e-9), tally.historyMessages, tally.resumes, tally.failures(),
                tally.lost, tally.duplicated, tally.outOfOrder, tally.unexpected, tally.ownLost + tally.ownMismatch,
                tally.errors, tally.closes);
    }
}

package dev.parley.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;

import dev.parley.wire.Bytes;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameEncoder;
import dev.parley.wire.Handshake;
import dev.parley.wire.HttpHead;
import dev.parley.wire.MaskKeys;
import dev.parley.wire.Opcode;
import dev.parley.wire.UpgradeRequest;
import dev.parley.wire.UpgradeResponse;

/**
 * The load generator: one thread, one {@link Selector}, non-blocking sockets with TCP_NODELAY, on the project's own
 * codec. Client frames are encoded once per run with a fixed non-zero mask (a server that skips unmasking for a zero
 * key would get a free pass) and copied into each connection's outbound buffer; everything queued for a connection
 * during one pass over the ready keys goes out in one {@code write}. Server frames are walked in place in one shared
 * read buffer by {@link ServerFrameScanner} and never copied.
 *
 * <p>Each run: open the connections (256 handshakes at a time), load for the warm-up, sample {@code /proc}, load for
 * the measured window, sample again, stop sending, wait up to 2 s for answers still due, close every connection with a
 * close frame (then a reset, so no client port lingers in TIME_WAIT). Every loop is bounded by the window and by the
 * stall timeout; a run never waits on the server forever.
 *
 * <p>Not thread-safe: one runner per thread.
 */
final class LoadRunner implements AutoCloseable {

    /** Where and how long. */
    record Settings(String host, int port, String echoPath, String broadcastPath, Duration warmup, Duration duration,
                    long serverPid, boolean jvmServer, Duration idleHold, Duration stallTimeout, PrintStream progress) {
    }

    static final int MASK_KEY = 0x5A3C_96E1;
    private static final int READ_BUFFER = 256 * 1024;
    private static final int OPEN_CONCURRENCY = 256;
    private static final long OPEN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int MAX_OUTBOUND = 64 << 20;
    private static final long RATE_POLL_PARK_NANOS = 50_000;

    private enum State { CONNECTING, HANDSHAKE, OPEN, CLOSING, CLOSED }

    private final Settings settings;
    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    private final FrameEncoder encoder = FrameEncoder.client(MaskKeys.fixed(MASK_KEY));
    private final SplittableRandom keys = new SplittableRandom();
    private final byte[] closeFrame = encoder.encode(Frame.close(new CloseStatus(1000, "")));
    private final List<Conn> dirty = new ArrayList<>();
    private final String authority;

    // The current run.
    private Scenario scenario;
    private Scenario.Kind mode;
    private byte[] messageFrame;
    private byte[] broadcastFrame;
    private int broadcastPayloadAt;
    private final byte[] stamp = new byte[Timestamps.LENGTH];
    private final List<Conn> open = new ArrayList<>();
    private int openedCount;
    private int failedOpens;
    private int closedCount;
    private String lastError;
    private boolean sending;
    private boolean measuring;
    private long measureStart = Long.MAX_VALUE;
    private long measureEnd = Long.MAX_VALUE;
    private final Histogram latency = new Histogram(HIGHEST_NANOS, 3);
    private final Histogram fanout = new Histogram(HIGHEST_NANOS, 3);
    private long ops;
    private long bytes;
    private long errors;
    private long completed; // since the run started, for progress
    private long outstanding; // requests (ECHO, RATE, IDLE) or deliveries (BROADCAST) still due
    private long lastProgress;
    private String failure;
    private int nextSender;
    private long lastBroadcastStamp;
    private final Map<Long, int[]> broadcastsDue = new HashMap<>();
    private Refusals refusals = new Refusals();
    /** Timestamps of the probe broadcasts of {@link #awaitSubscribed()}: their copies are not measured. */
    private final Set<Long> probes = new HashSet<>();
    private int subscribed;
    private long broadcasts;
    private long rateStart;
    private long rateSent;
    private int rateNext;
    private long maxBacklog;
    private long scheduledInWindow;
    private ProcStats.Sample windowStart;
    private ProcStats.Sample windowEnd;
    private ProcStats.Sample progressSample;
    private long progressCompleted;
    private long nextProgress;

    LoadRunner(Settings settings) throws IOException {
        this.settings = settings;
        this.selector = Selector.open();
        this.authority = settings.host() + ":" + settings.port();
    }

    @Override
    public void close() throws IOException {
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }

    /** Runs one scenario and returns its result as an ordered map (one JSON line). */
    Map<String, Object> run(Scenario s) throws IOException {
        reset(s);
        try {
            switch (s.kind()) {
                case ECHO, RATE, BROADCAST -> runLoad(s);
                case CONNECT -> runConnect(s);
                case IDLE -> {
                    return runIdle(s);
                }
                default -> throw new IllegalStateException(s.kind().toString());
            }
            return result(s, new LinkedHashMap<>());
        } finally {
            abandonAll();
        }
    }

    /** Resets whatever is still connected (after a failure), so the next run starts with no sockets. */
    private void abandonAll() throws IOException {
        for (SelectionKey key : new ArrayList<>(selector.keys())) {
            if (key.isValid()) {
                ((Conn) key.attachment()).reset();
            }
        }
        selector.selectNow();
        open.clear();
        dirty.clear();
    }

    private void reset(Scenario s) {
        scenario = s;
        mode = s.kind();
        open.clear();
        dirty.clear();
        openedCount = 0;
        failedOpens = 0;
        closedCount = 0;
        lastError = null;
        sending = false;
        measuring = false;
        measureStart = Long.MAX_VALUE;
        measureEnd = Long.MAX_VALUE;
        latency.reset();
        fanout.reset();
        ops = 0;
        bytes = 0;
        errors = 0;
        completed = 0;
        outstanding = 0;
        failure = null;
        refusals = new Refusals();
        nextSender = 0;
        broadcastsDue.clear();
        probes.clear();
        broadcasts = 0;
        rateSent = 0;
        rateNext = 0;
        maxBacklog = 0;
        windowStart = null;
        windowEnd = null;
        byte[] payload = new byte[s.size()];
        Arrays.fill(payload, (byte) 'x');
        Frame frame = Frame.of(Opcode.TEXT, true, Bytes.copyOf(payload, 0, payload.length));
        messageFrame = encoder.encode(frame);
        broadcastFrame = messageFrame.clone();
        broadcastPayloadAt = messageFrame.length - s.size();
    }

    // ---------------------------------------------------------------- scenarios

    private void runLoad(Scenario s) throws IOException {
        openAll(s.connections(), s.kind() == Scenario.Kind.BROADCAST ? settings.broadcastPath() : settings.echoPath());
        long start = System.nanoTime();
        long warmupEnd = start + settings.warmup().toNanos();
        long end = warmupEnd + settings.duration().toNanos();
        lastProgress = start;
        startProgress(start);
        sending = true;
        switch (s.kind()) {
            case ECHO -> {
                for (Conn c : open) {
                    for (int i = 0; i < s.inFlight(); i++) {
                        sendEcho(c, start);
                    }
                }
            }
            case BROADCAST -> {
                awaitSubscribed();
                for (int i = 0; i < s.inFlight(); i++) {
                    sendBroadcast();
                }
            }
            case RATE -> {
                rateStart = start;
                rateSent = 0;
            }
            default -> throw new IllegalStateException();
        }
        flushDirty();
        while (failure == null) {
            long now = System.nanoTime();
            if (!measuring && windowEnd == null && now >= warmupEnd) {
                beginWindow(now);
            }
            if (measuring && now >= end) {
                if (mode == Scenario.Kind.RATE) {
                    pumpRate(now); // everything scheduled up to the window's end is sent, however late
                    flushDirty();
                }
                endWindow(now);
                break;
            }
            if (mode == Scenario.Kind.RATE) {
                pumpRate(now);
                flushDirty();
                pollForRate();
            } else {
                selectOnce(5);
            }
            progress(now);
            checkStall(now);
        }
        sending = false;
        drain();
        closeAll();
    }

    private void runConnect(Scenario s) throws IOException {
        long start = System.nanoTime();
        long warmupEnd = start + settings.warmup().toNanos();
        long end = warmupEnd + settings.duration().toNanos();
        lastProgress = start;
        startProgress(start);
        sending = true;
        for (int i = 0; i < s.connections(); i++) {
            connect(settings.echoPath());
        }
        flushDirty();
        while (failure == null) {
            long now = System.nanoTime();
            if (!measuring && windowEnd == null && now >= warmupEnd) {
                beginWindow(now);
            }
            if (measuring && now >= end) {
                endWindow(System.nanoTime());
                break;
            }
            selectOnce(5);
            progress(now);
            if (now - lastProgress > settings.stallTimeout().toNanos()) {
                failure = "no handshake completed for " + settings.stallTimeout().toSeconds() + " s";
            }
        }
        sending = false;
        long until = System.nanoTime() + DRAIN_NANOS;
        while (liveConnections() > 0 && System.nanoTime() < until) {
            selectOnce(5);
        }
        closeAll();
    }

    private Map<String, Object> runIdle(Scenario s) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        Memory before = memory();
        long t0 = System.nanoTime();
        openAll(s.connections(), settings.echoPath());
        long t1 = System.nanoTime();
        long holdUntil = t1 + settings.idleHold().toNanos();
        while (System.nanoTime() < holdUntil) {
            selectOnce(50);
        }
        Memory after = memory();
        // Liveness: one echo on every connection, all must come back.
        beginWindow(System.nanoTime());
        long now = System.nanoTime();
        for (Conn c : open) {
            sendEcho(c, now);
        }
        flushDirty();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10) + s.connections() * 100_000L;
        while (outstanding > 0 && System.nanoTime() < until) {
            selectOnce(5);
        }
        endWindow(System.nanoTime());
        long alive = ops;
        closeAll();

        int n = s.connections();
        r.put("openSeconds", (t1 - t0) / 1e9);
        r.put("opensPerSec", n / ((t1 - t0) / 1e9));
        r.put("alive", alive);
        r.put("rssBeforeKb", before.rssKb);
        r.put("rssAfterKb", after.rssKb);
        r.put("rssPerConnKb", before.rssKb >= 0 && after.rssKb >= 0 ? (after.rssKb - before.rssKb) / (double) n : null);
        r.put("heapBeforeKb", before.heapKb >= 0 ? before.heapKb : null);
        r.put("heapAfterKb", after.heapKb >= 0 ? after.heapKb : null);
        r.put("heapPerConnKb", before.heapKb >= 0 && after.heapKb >= 0
                ? (after.heapKb - before.heapKb) / (double) n : null);
        if (alive < n && failure == null) {
            failure = (n - alive) + " of " + n + " idle connections did not echo";
        }
        return result(s, r);
    }

    // ---------------------------------------------------------------- sending

    private void sendEcho(Conn c, long now) {
        c.sent.add(now);
        outstanding++;
        c.enqueue(messageFrame, messageFrame.length);
    }

    /**
     * Tyrus answers a handshake before it lists the new session among the open ones, so a broadcast sent the moment
     * the connections are up can miss some, and the closed loop would wait for copies that never come. Probe
     * broadcasts go out (one each 200 ms) until every connection has received one; copies of probes that arrive
     * later are ignored.
     */
    private void awaitSubscribed() throws IOException {
        subscribed = 0;
        for (Conn c : open) {
            c.subscribed = false;
        }
        long deadline = System.nanoTime() + OPEN_TIMEOUT_NANOS;
        nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (subscribed < open.size()) {
            if (failure != null) {
                throw new IOException(failure);
            }
            waiting(System.nanoTime(), "subscribed", subscribed, open.size());
            if (System.nanoTime() > deadline) {
                throw new IOException("only " + subscribed + " of " + open.size() + " connections received a "
                        + "broadcast within " + TimeUnit.NANOSECONDS.toSeconds(OPEN_TIMEOUT_NANOS) + " s");
            }
            long t = stampBroadcastFrame();
            probes.add(t);
            open.get(0).enqueue(broadcastFrame, broadcastFrame.length);
            flushDirty();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            while (subscribed < open.size() && failure == null && System.nanoTime() < until) {
                selectOnce(5);
            }
        }
    }

    /** Writes a fresh, increasing timestamp into the broadcast frame's (masked) payload and returns it. */
    private long stampBroadcastFrame() {
        long t = System.nanoTime();
        if (t <= lastBroadcastStamp) {
            t = lastBroadcastStamp + 1;
        }
        lastBroadcastStamp = t;
        Timestamps.write(t, stamp, 0);
        for (int i = 0; i < Timestamps.LENGTH; i++) {
            broadcastFrame[broadcastPayloadAt + i] = (byte) (stamp[i] ^ MASK_KEY >>> (24 - 8 * (i & 3)));
        }
        return t;
    }

    private void sendBroadcast() {
        Conn c = open.get(nextSender);
        nextSender = (nextSender + 1) % open.size();
        long t = stampBroadcastFrame();
        broadcastsDue.put(t, new int[] {open.size()});
        outstanding += open.size();
        c.enqueue(broadcastFrame, broadcastFrame.length);
    }

    private void pumpRate(long now) {
        double rate = scenario.rate();
        long due = (long) ((now - rateStart) * rate / 1e9) + 1;
        while (rateSent < due && sending) {
            long intended = rateStart + (long) (rateSent * 1e9 / rate);
            Conn c = open.get(rateNext);
            rateNext = (rateNext + 1) % open.size();
            sendEcho(c, intended);
            rateSent++;
            if (measuring && intended >= measureStart) {
                scheduledInWindow++;
            }
            maxBacklog = Math.max(maxBacklog, outstanding);
            if (outstanding > Math.max(10_000, (long) (rate * 5))) {
                failure = "the server fell more than 5 s behind the schedule (" + outstanding + " answers due)";
                return;
            }
        }
    }

    /**
     * Between scheduled sends: take whatever is ready without blocking; if nothing was, sleep until the next send
     * is due but at most 50 µs, so answers are timestamped at most that late (a blocking select has 1 ms steps).
     */
    private void pollForRate() throws IOException {
        int ready = selector.selectNow(this::ready);
        flushDirty();
        if (ready > 0) {
            return;
        }
        long next = rateStart + (long) (rateSent * 1e9 / scenario.rate());
        long wait = next - System.nanoTime();
        if (wait > 2_000_000) {
            selector.select(this::ready, 1);
            flushDirty();
        } else if (wait > 0) {
            LockSupport.parkNanos(Math.min(wait, RATE_POLL_PARK_NANOS));
        }
    }

    // ---------------------------------------------------------------- receiving

    private void onMessage(Conn c, int opcode, long length, byte[] prefix, int prefixLength) {
        long now = System.nanoTime();
        lastProgress = now;
        completed++;
        if (mode == Scenario.Kind.BROADCAST) {
            long t = Timestamps.read(prefix, 0, prefixLength);
            if (probes.contains(t)) {
                if (!c.subscribed) {
                    c.subscribed = true;
                    subscribed++;
                }
                return;
            }
            int[] due = t == Long.MIN_VALUE ? null : broadcastsDue.get(t);
            if (due == null) {
                error("a broadcast without a known timestamp");
                return;
            }
            outstanding--;
            if (measuring) {
                record(latency, now - t);
                ops++;
                bytes += length;
            }
            if (--due[0] == 0) {
                broadcastsDue.remove(t);
                if (measuring) {
                    record(fanout, now - t);
                    broadcasts++;
                }
                if (sending) {
                    sendBroadcast();
                }
            }
            return;
        }
        if (c.sent.size() == 0) {
            error("an answer to nothing sent");
            return;
        }
        long t = c.sent.poll();
        outstanding--;
        if (mode == Scenario.Kind.RATE) {
            if (t >= measureStart && t < measureEnd) {
                record(latency, now - t);
            }
            if (measuring) {
                ops++;
                bytes += length;
            }
            return;
        }
        if (measuring) {
            record(latency, now - t);
            ops++;
            bytes += length;
        }
        if (sending && mode == Scenario.Kind.ECHO) {
            sendEcho(c, now);
        }
    }

    private void onControl(Conn c, int opcode, byte[] body, int length) {
        if (opcode == Opcode.PING.code()) {
            byte[] pong = encoder.encode(Frame.pong(Bytes.copyOf(body, 0, length)));
            c.enqueue(pong, pong.length);
        } else if (opcode == Opcode.CLOSE.code()) {
            if (c.state == State.OPEN) {
                refusals.closed(body, length);
            }
            c.serverClosed();
        }
    }

    private static void record(Histogram h, long nanos) {
        h.recordValue(Math.max(1, Math.min(nanos, HIGHEST_NANOS)));
    }

    // ---------------------------------------------------------------- connections

    private void openAll(int count, String path) throws IOException {
        long start = System.nanoTime();
        long deadline = start + OPEN_TIMEOUT_NANOS;
        nextProgress = start + TimeUnit.SECONDS.toNanos(1);
        lastProgress = start;
        int started = 0;
        while (openedCount + failedOpens < count) {
            while (started < count && started - openedCount - failedOpens < OPEN_CONCURRENCY) {
                connect(path);
                started++;
            }
            flushDirty();
            selectOnce(10);
            if (refusals.any()) {
                throw new IOException(refusals.explain(count));
            }
            if (failedOpens > 0) {
                throw new IOException(failedOpens + " of " + count + " connections to " + authority + path
                        + " failed: " + lastError);
            }
            long now = System.nanoTime();
            waiting(now, "connected", openedCount, count);
            if (now > deadline || now - lastProgress > settings.stallTimeout().toNanos()) {
                throw new IOException("only " + openedCount + " of " + count + " connections opened in "
                        + TimeUnit.NANOSECONDS.toSeconds(now - start) + " s, none in the last "
                        + TimeUnit.NANOSECONDS.toSeconds(now - lastProgress) + " s");
            }
        }
    }

    private void connect(String path) throws IOException {
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Conn c = new Conn(ch, path);
        boolean done = ch.connect(new InetSocketAddress(settings.host(), settings.port()));
        c.key = ch.register(selector, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, c);
        if (done) {
            c.connected();
        }
    }

    private void onOpen(Conn c) {
        openedCount++;
        lastProgress = System.nanoTime();
        if (mode == Scenario.Kind.CONNECT) {
            if (measuring) {
                record(latency, lastProgress - c.startedAt);
            }
            c.enqueue(closeFrame, closeFrame.length);
            c.state = State.CLOSING;
        } else {
            open.add(c);
        }
    }

    /** The connection ended: the server closed it, or it failed. */
    private void onGone(Conn c, String why) {
        if (refusals.any() && failure == null) {
            failure = refusals.explain(scenario.connections());
        }
        if (mode == Scenario.Kind.CONNECT) {
            if (c.state == State.CLOSING && why == null) {
                completed++;
                if (measuring) {
                    ops++;
                }
            } else {
                error(why == null ? "closed by the server before the handshake ended" : why);
                if (c.state.ordinal() < State.OPEN.ordinal()) {
                    failedOpens++;
                }
            }
            if (sending) {
                try {
                    connect(c.path);
                } catch (IOException e) {
                    error(e.toString());
                }
            }
            return;
        }
        if (c.state.ordinal() < State.OPEN.ordinal()) {
            failedOpens++;
            lastError = why;
        } else if (c.state == State.OPEN) {
            error("connection lost: " + (why == null ? "closed by the server" : why));
            outstanding -= c.sent.size();
            if (mode == Scenario.Kind.BROADCAST && failure == null) {
                failure = "a subscriber was closed during the run: " + (why == null ? "closed by the server" : why);
            }
        }
    }

    private void error(String what) {
        errors++;
        lastError = what;
    }

    private int liveConnections() {
        int live = 0;
        for (SelectionKey key : selector.keys()) {
            if (key.isValid()) {
                live++;
            }
        }
        return live;
    }

    private void drain() throws IOException {
        long until = System.nanoTime() + DRAIN_NANOS;
        while (outstanding > 0 && System.nanoTime() < until) {
            selectOnce(5);
        }
    }

    /** A close frame on every open connection, up to 1 s for the servers' answers, then a reset for all. */
    private void closeAll() throws IOException {
        for (SelectionKey key : selector.keys()) {
            Conn c = (Conn) key.attachment();
            if (key.isValid() && c.state == State.OPEN) {
                c.state = State.CLOSING;
                c.enqueue(closeFrame, closeFrame.length);
            }
        }
        flushDirty();
        long until = System.nanoTime() + CLOSE_WAIT_NANOS;
        while (liveConnections() > 0 && System.nanoTime() < until) {
            selectOnce(5);
        }
        for (SelectionKey key : new ArrayList<>(selector.keys())) {
            if (key.isValid()) {
                ((Conn) key.attachment()).reset();
            }
        }
        selector.selectNow(); // deregisters the cancelled keys
        open.clear();
    }

    private void selectOnce(long timeoutMillis) throws IOException {
        selector.select(this::ready, timeoutMillis);
        flushDirty();
    }

    private void ready(SelectionKey key) {
        Conn c = (Conn) key.attachment();
        try {
            if (key.isValid() && key.isConnectable()) {
                c.connected();
            }
            if (key.isValid() && key.isReadable()) {
                c.readable();
            }
            if (key.isValid() && key.isWritable()) {
                c.flush();
            }
        } catch (IOException | RuntimeException e) {
            c.fail(e.toString());
        }
    }

    private void flushDirty() {
        for (int i = 0; i < dirty.size(); i++) {
            Conn c = dirty.get(i);
            c.dirty = false;
            try {
                c.flush();
            } catch (IOException | RuntimeException e) {
                c.fail(e.toString());
            }
        }
        dirty.clear();
    }

    private final class Conn implements ServerFrameScanner.Sink {
        /** Has received a probe broadcast: the server lists this connection among the subscribers. */
        boolean subscribed;
        final SocketChannel ch;
        final String path;
        final long startedAt = System.nanoTime();
        SelectionKey key;
        State state = State.CONNECTING;
        UpgradeRequest request;
        byte[] head;
        int headLength;
        final ServerFrameScanner scanner = new ServerFrameScanner(Timestamps.LENGTH);
        final LongRing sent = new LongRing(8);
        ByteBuffer out;
        boolean dirty;

        Conn(SocketChannel ch, String path) {
            this.ch = ch;
            this.path = path;
        }

        void connected() throws IOException {
            if (ch.isConnectionPending()) {
                ch.finishConnect();
            }
            key.interestOps(SelectionKey.OP_READ);
            request = Handshake.clientRequest(authority, path, keys);
            byte[] hello = request.toBytes();
            state = State.HANDSHAKE;
            enqueue(hello, hello.length);
        }

        void enqueue(byte[] bytes, int length) {
            if (out == null) {
                out = ByteBuffer.allocateDirect(Math.max(256, Integer.highestOneBit(length * 2 - 1)));
            } else if (out.remaining() < length) {
                int needed = out.position() + length;
                if (needed > MAX_OUTBOUND) {
                    throw new IllegalStateException("more than " + MAX_OUTBOUND + " bytes waiting to be sent");
                }
                ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(out.capacity() * 2, needed));
                out.flip();
                bigger.put(out);
                out = bigger;
            }
            out.put(bytes, 0, length);
            if (!dirty) {
                dirty = true;
                LoadRunner.this.dirty.add(this);
            }
        }

        void flush() throws IOException {
            if (out == null || out.position() == 0 || !key.isValid()) {
                return;
            }
            out.flip();
            ch.write(out);
            boolean left = out.hasRemaining();
            out.compact();
            int ops = SelectionKey.OP_READ | (left ? SelectionKey.OP_WRITE : 0);
            if (key.interestOps() != ops) {
                key.interestOps(ops);
            }
        }

        void readable() throws IOException {
            while (true) {
                readBuffer.clear();
                int n = ch.read(readBuffer);
                if (n < 0) {
                    gone(null);
                    return;
                }
                if (n == 0) {
                    return;
                }
                readBuffer.flip();
                if (state == State.HANDSHAKE) {
                    handshake();
                } else {
                    scanner.scan(readBuffer, this);
                }
                if (!key.isValid() || n < readBuffer.capacity()) {
                    return;
                }
            }
        }

        private void handshake() {
            if (head == null) {
                head = new byte[1024];
            }
            int n = readBuffer.remaining();
            if (headLength + n > head.length) {
                head = Arrays.copyOf(head, Math.max(head.length * 2, headLength + n));
            }
            readBuffer.get(head, headLength, n);
            headLength += n;
            int length = HttpHead.length(head, 0, headLength);
            if (length < 0) {
                return;
            }
            UpgradeResponse response = UpgradeResponse.parse(head, 0, length);
            if (response.status() != 101) {
                refusals.answered(response);
            }
            Handshake.checkResponse(request, response);
            state = State.OPEN;
            ByteBuffer rest = ByteBuffer.wrap(head, length, headLength - length);
            head = null;
            request = null;
            onOpen(this);
            if (rest.hasRemaining()) {
                scanner.scan(rest, this);
            }
        }

        @Override
        public void message(int opcode, long length, byte[] prefix, int prefixLength) {
            onMessage(this, opcode, length, prefix, prefixLength);
        }

        @Override
        public void control(int opcode, byte[] body, int length) {
            onControl(this, opcode, body, length);
        }

        /** The server's close frame arrived. */
        void serverClosed() {
            if (state == State.OPEN) {
                // The server closes first (e.g. 1008 or 1009): answer, then go.
                enqueue(closeFrame, closeFrame.length);
                try {
                    flush();
                } catch (IOException ignored) {
                    // going anyway
                }
                gone("closed by the server with a close frame");
                return;
            }
            gone(null);
        }

        void fail(String why) {
            gone(why);
        }

        private void gone(String why) {
            if (state == State.CLOSED) {
                return;
            }
            State was = state;
            reset();
            state = was;
            onGone(this, why);
            state = State.CLOSED;
            closedCount++;
        }

        /** Closes the socket with a reset (SO_LINGER 0), so the client side keeps no TIME_WAIT entry. */
        void reset() {
            key.cancel();
            try {
                ch.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | RuntimeException ignored) {
                // already closed
            }
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
            state = State.CLOSED;
        }
    }

    // ---------------------------------------------------------------- measuring

    private void beginWindow(long now) {
        windowStart = ProcStats.Sample.take(settings.serverPid());
        latency.reset();
        fanout.reset();
        ops = 0;
        bytes = 0;
        broadcasts = 0;
        errors = 0;
        measureStart = now;
        scheduledInWindow = 0;
        measuring = true;
    }

    private void endWindow(long now) {
        windowEnd = ProcStats.Sample.take(settings.serverPid());
        measureEnd = now;
        measuring = false;
    }

    private void checkStall(long now) {
        if (outstanding > 0 && now - lastProgress > settings.stallTimeout().toNanos()) {
            failure = "no answer for " + settings.stallTimeout().toSeconds() + " s with " + outstanding + " due";
        }
    }

    private void startProgress(long now) {
        progressSample = ProcStats.Sample.take(settings.serverPid());
        progressCompleted = completed;
        nextProgress = now + TimeUnit.SECONDS.toNanos(1);
    }

    private void progress(long now) {
        if (settings.progress() == null || now < nextProgress) {
            return;
        }
        ProcStats.Sample sample = ProcStats.Sample.take(settings.serverPid());
        ProcStats.Delta d = ProcStats.Delta.between(progressSample, sample);
        double rate = (completed - progressCompleted) / d.seconds();
        String phase = measuring ? "measure" : windowEnd == null ? "warm-up" : "drain";
        if (settings.serverPid() > 0) {
            settings.progress().printf(Locale.ROOT,
                    "  %-9s %-7s %,11.0f %s/s  server %5.1f%%  client %5.1f%%  foreign %5.1f%%%n", scenario.name(),
                    phase, rate, unit(), d.serverCpuPercent(), d.clientCpuPercent(), d.foreignCpuPercent());
        } else {
            // Without --pid the server's CPU is unknown (and inside "others"): no NaN column.
            settings.progress().printf(Locale.ROOT,
                    "  %-9s %-7s %,11.0f %s/s  client %5.1f%%  others %5.1f%%  (server CPU: give --pid)%n",
                    scenario.name(), phase, rate, unit(), d.clientCpuPercent(), d.foreignCpuPercent());
        }
        progressSample = sample;
        progressCompleted = completed;
        nextProgress = now + TimeUnit.SECONDS.toNanos(1);
    }

    /** While connections open or subscribe: e.g. {@code bcast1000 connected 312/1000}, once a second. */
    private void waiting(long now, String what, int done, int of) {
        if (settings.progress() == null || now < nextProgress) {
            return;
        }
        settings.progress().printf(Locale.ROOT, "  %-9s %-10s %d/%d%n", scenario.name(), what, done, of);
        nextProgress = now + TimeUnit.SECONDS.toNanos(1);
    }

    private String unit() {
        return switch (mode) {
            case BROADCAST -> "deliveries";
            case CONNECT -> "handshakes";
            default -> "msg";
        };
    }

    private Map<String, Object> result(Scenario s, Map<String, Object> extra) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("scenario", s.name());
        r.put("kind", s.kind().name().toLowerCase(Locale.ROOT));
        r.put("connections", s.connections());
        r.put("inFlight", s.inFlight());
        r.put("size", s.size());
        if (s.kind() == Scenario.Kind.RATE) {
            r.put("targetRate", s.rate());
        }
        r.put("unit", unit());
        r.put("ok", failure == null);
        if (failure != null) {
            r.put("failure", failure);
        }
        r.put("errors", errors);
        if (errors > 0) {
            r.put("lastError", lastError);
        }
        boolean windowed = windowStart != null && windowEnd != null;
        ProcStats.Delta d = windowed ? ProcStats.Delta.between(windowStart, windowEnd) : null;
        if (s.kind() != Scenario.Kind.IDLE && windowed) {
            r.put("seconds", d.seconds());
            r.put("ops", ops);
            r.put("opsPerSec", ops / d.seconds());
            r.put("payloadMBPerSec", bytes / d.seconds() / 1e6);
            r.put("unanswered", outstanding);
        }
        if (s.kind() == Scenario.Kind.RATE && windowed) {
            r.put("scheduled", scheduledInWindow);
            r.put("sentPerSec", scheduledInWindow / d.seconds());
            r.put("maxBacklog", maxBacklog);
        }
        if (s.kind() == Scenario.Kind.BROADCAST && windowed) {
            r.put("broadcasts", broadcasts);
            r.put("fanoutUs", percentiles(fanout));
        }
        r.put("latencyUs", percentiles(latency));
        if (windowed && s.kind() != Scenario.Kind.IDLE) {
            double cpu = d.serverCpuSeconds();
            r.put("serverCpuUsPerOp", !Double.isNaN(cpu) && ops > 0 ? cpu * 1e6 / ops : null);
            r.put("serverCpuPct", d.serverCpuPercent());
            r.put("clientCpuPct", d.clientCpuPercent());
            r.put("foreignCpuPct", d.foreignCpuPercent());
            r.put("machineCpuPct", d.machineCpuPercent());
            r.put("serverRssKb", windowEnd.serverRssKb() >= 0 ? windowEnd.serverRssKb() : null);
            List<String> flags = new ArrayList<>();
            if (d.clientCpuPercent() > 90) {
                flags.add("client-saturated");
            }
            if (d.foreignCpuPercent() > 25) {
                flags.add("foreign-load");
            }
            r.put("flags", flags);
        }
        r.putAll(extra);
        return r;
    }

    static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("count", h.getTotalCount());
        if (h.getTotalCount() > 0) {
            p.put("p50", h.getValueAtPercentile(50) / 1e3);
            p.put("p90", h.getValueAtPercentile(90) / 1e3);
            p.put("p99", h.getValueAtPercentile(99) / 1e3);
            p.put("p999", h.getValueAtPercentile(99.9) / 1e3);
            p.put("max", h.getMaxValue() / 1e3);
            p.put("mean", h.getMean() / 1e3);
        }
        return p;
    }

    // ---------------------------------------------------------------- memory

    private record Memory(long rssKb, long heapKb) {
    }

    /** The last line of a class histogram: "Total <instances> <bytes>". */
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    /**
     * The server's RSS; for a JVM server also its live heap, from {@code jcmd PID GC.class_histogram}, which runs a
     * full GC first and counts only what survives it (the same figure under every collector), before RSS is read.
     */
    private Memory memory() {
        long pid = settings.serverPid();
        if (pid <= 0) {
            return new Memory(-1, -1);
        }
        long heap = -1;
        if (settings.jvmServer()) {
            String histogram = jcmd(pid, "GC.class_histogram");
            Matcher m = histogram == null ? null : HISTOGRAM_TOTAL.matcher(histogram);
            if (m != null && m.find()) {
                heap = Long.parseLong(m.group(1)) / 1024;
            }
        }
        return new Memory(ProcStats.rssKb(pid), heap);
    }

    private static String jcmd(long pid, String command) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

package dev.parley.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.parley.client.DeflateHandshake;
import dev.parley.wire.Bytes;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameEncoder;
import dev.parley.wire.HttpHeaders;
import dev.parley.wire.MaskKeys;
import dev.parley.wire.Opcode;
import dev.parley.wire.UpgradeResponse;

/**
 * The load generator's I/O for one run: one thread, one {@link Selector}, non-blocking sockets with TCP_NODELAY, on the
 * project's own codec. Client frames are encoded once per run with a fixed non-zero mask (a server that skips
 * unmasking for a zero key would get a free pass) and copied into each connection's outbound buffer; everything queued
 * for a connection during one pass over the ready keys goes out in one {@code write}. Server frames are walked in place
 * in one shared read buffer by {@link ServerFrameScanner} and never copied.
 *
 * <p>It answers pings, notes refusals, and tells the run's workload (its {@link Events}) what happened; what to send
 * and what to count is the workload's. Every wait is bounded. Closing it resets whatever is still connected.
 *
 * <p>Not thread-safe: one driver per thread.
 */
final class Driver implements AutoCloseable {

    /** What the driver tells the workload. */
    interface Events {
        /** {@code c} finished its handshake at {@code now}. */
        default void opened(Conn c, long now) {
        }

        /** A whole data message arrived on {@code c} at {@code now}: its length and its first bytes. */
        void message(Conn c, long now, long length, byte[] prefix, int prefixLength);

        /** {@code c} ended in state {@code was}: the server closed it ({@code why} null) or it failed. */
        void gone(Conn c, Conn.State was, String why);
    }

    static final int MASK_KEY = 0x5A3C_96E1;
    /** The cookie a chat server in auth mode reads the token from (docs/protocol.md). */
    static final String TOKEN_COOKIE = "parley_token";
    static final long OPEN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);
    /** Past 24,000 connections, {@link #openAll} waits this much longer per connection (200 handshakes a second). */
    private static final long OPEN_NANOS_PER_CONNECTION = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int READ_BUFFER = 256 * 1024;
    private static final int OPEN_CONCURRENCY = 256;
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    final String authority;
    /** How many first bytes of each message the connections keep: initially, and at most. */
    final int prefixInitial;
    final int prefixMax;
    /** Where every connection reads into; each read is scanned before the next. */
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    /** Sec-WebSocket-Key nonces. */
    final SplittableRandom keys = new SplittableRandom();
    private final Run run;
    private final Selector selector;
    private final Consumer<SelectionKey> onReady = key -> ((Conn) key.attachment()).ready(key);
    private final FrameEncoder encoder = FrameEncoder.client(MaskKeys.fixed(MASK_KEY));
    /** --deflate: every connection offers permessage-deflate. */
    final boolean deflate;
    /** What every opening request carries besides the handshake's own: the deflate offer, the token's cookie. */
    final HttpHeaders openingHeaders;
    /** The data frames' bytes on the wire, both ways. */
    final WireTally wire = new WireTally();
    private final byte[] closeFrame = encoder.encode(Frame.close(new CloseStatus(1000, "")));
    private final List<Conn> dirty = new ArrayList<>();
    private final Refusals refusals = new Refusals();
    private Events events;
    private List<Conn> gathering;
    private int opened;
    private int failedOpens;
    private String openFailure;
    private String openTarget;
    /** Connections started so far: the next one's turn in the source addresses. */
    private long connectionsStarted;

    Driver(Run run) throws IOException {
        this.run = run;
        this.authority = run.settings().host() + ":" + run.settings().port();
        boolean chat = run.scenario().kind() == Scenario.Kind.CHAT || run.settings().room() != null;
        this.prefixInitial = chat ? ChatFrame.INITIAL_BYTES : Timestamps.LENGTH;
        this.prefixMax = chat ? ChatFrame.MAX_BYTES : Timestamps.LENGTH;
        this.selector = Selector.open();
        this.deflate = run.settings().deflate();
        HttpHeaders extra = deflate ? DeflateHandshake.offer() : HttpHeaders.EMPTY;
        this.openingHeaders = run.settings().token() == null ? extra
                : extra.with("Cookie", TOKEN_COOKIE + "=" + run.settings().token());
    }

    FrameEncoder encoder() {
        return encoder;
    }

    /** The data frames' bytes both ways so far. */
    WireBytes wireBytes() {
        return wire.snapshot(deflate);
    }

    /** Where events go from now on: the run's workload, set once before its first connection. */
    void reportTo(Events workload) {
        this.events = workload;
    }

    /** A text message of {@code text}, as this driver's client frames are encoded (masked). */
    byte[] textMessage(byte[] text) {
        return encoder.encode(Frame.of(Opcode.TEXT, true, Bytes.copyOf(text, 0, text.length)));
    }

    /** A text message of {@code size} bytes of 'x', as this driver's client frames are encoded (masked). */
    byte[] textMessage(int size) {
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) 'x');
        return encoder.encode(Frame.of(Opcode.TEXT, true, Bytes.copyOf(payload, 0, payload.length)));
    }

    byte[] closeFrame() {
        return closeFrame;
    }

    // ---------------------------------------------------------------- opening and closing

    /**
     * Opens {@code count} connections to {@code path}, at most 256 handshakes at a time, and returns them in the order
     * they opened. Fails at the first refusal or failed connection, when none opened for the stall timeout, or after
     * 120 s (5 ms a connection past 24,000).
     */
    List<Conn> openAll(int count, String path) throws IOException {
        return openAll(count, i -> connect(path));
    }

    /** Starts connection {@code i} of an {@link #openAll(int, Target)}. */
    interface Target {
        Conn connect(int i) throws IOException;
    }

    /** As {@link #openAll(int, String)}, connection {@code i} started by {@code target}. */
    List<Conn> openAll(int count, Target target) throws IOException {
        return openAll(count, target, Math.max(OPEN_TIMEOUT_NANOS, count * OPEN_NANOS_PER_CONNECTION));
    }

    /** As {@link #openAll(int, Target)}, giving up after {@code allowNanos} rather than the default. */
    List<Conn> openAll(int count, Target target, long allowNanos) throws IOException {
        long start = System.nanoTime();
        long deadline = start + allowNanos;
        run.progress().restart(start);
        run.progressed(start);
        gathering = new ArrayList<>(count);
        int started = 0;
        while (opened + failedOpens < count) {
            while (started < count && started - opened - failedOpens < OPEN_CONCURRENCY) {
                target.connect(started);
                started++;
            }
            flush();
            select(10);
            if (refusals.any()) {
                throw new IOException(refusals.explain(count));
            }
            if (failedOpens > 0) {
                throw new IOException(failedOpens + " of " + count + " connections to " + openTarget + " failed: "
                        + openFailure);
            }
            long now = System.nanoTime();
            run.progress().waiting(now, "connected", opened, count);
            if (now > deadline || run.quiet(now) > run.stallNanos()) {
                throw new IOException("only " + opened + " of " + count + " connections opened in "
                        + TimeUnit.NANOSECONDS.toSeconds(now - start) + " s, none in the last "
                        + TimeUnit.NANOSECONDS.toSeconds(run.quiet(now)) + " s");
            }
        }
        List<Conn> open = gathering;
        gathering = null;
        return open;
    }

    /** Starts one connection to {@code path}; {@link Events#opened} follows when its handshake is done. */
    Conn connect(String path) throws IOException {
        return connect(run.settings().host(), run.settings().port(), path);
    }

    /** Starts one connection to {@code path} on {@code host:port}. */
    Conn connect(String host, int port, String path) throws IOException {
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        run.settings().sources().bind(ch, connectionsStarted++);
        Conn c = new Conn(this, ch, host + ":" + port, path);
        boolean done = ch.connect(new InetSocketAddress(host, port));
        c.register(selector, done);
        return c;
    }

    /** A close frame on every open connection, up to 1 s for the servers' answers, then a reset for all. */
    void closeAll() throws IOException {
        for (SelectionKey key : selector.keys()) {
            ((Conn) key.attachment()).startClose();
        }
        flush();
        pollUntil(System.nanoTime() + CLOSE_WAIT_NANOS, 5, () -> live() > 0);
        resetAll();
    }

    /** Resets whatever is still connected (after a failure too), so no socket outlives the run; then the selector. */
    @Override
    public void close() throws IOException {
        resetAll();
        selector.close();
    }

    private void resetAll() throws IOException {
        for (SelectionKey key : new ArrayList<>(selector.keys())) {
            if (key.isValid()) {
                ((Conn) key.attachment()).reset();
            }
        }
        selector.selectNow(); // deregisters the cancelled keys
    }

    /** Connections not yet gone. */
    int live() {
        int live = 0;
        for (SelectionKey key : selector.keys()) {
            if (key.isValid()) {
                live++;
            }
        }
        return live;
    }

    // ---------------------------------------------------------------- the loop

    /** Handles what is ready, waiting up to {@code timeoutMillis} for something, then sends what was queued. */
    void select(long timeoutMillis) throws IOException {
        selector.select(onReady, timeoutMillis);
        flush();
    }

    /** Handles what is ready without waiting, then sends what was queued; returns how many keys were ready. */
    int selectNow() throws IOException {
        int ready = selector.selectNow(onReady);
        flush();
        return ready;
    }

    /** Selects in steps of {@code stepMillis} while {@code more} holds, until {@code deadline} at the latest. */
    void pollUntil(long deadline, long stepMillis, BooleanSupplier more) throws IOException {
        while (more.getAsBoolean() && System.nanoTime() < deadline) {
            select(stepMillis);
        }
    }

    /** Writes out every connection that has bytes queued since the last flush. */
    void flush() {
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flushQueued();
        }
        dirty.clear();
    }

    // ---------------------------------------------------------------- from the connections

    void queued(Conn c) {
        dirty.add(c);
    }

    void refused(UpgradeResponse response) {
        refusals.answered(response);
    }

    void opened(Conn c) {
        long now = System.nanoTime();
        opened++;
        run.progressed(now);
        if (gathering != null) {
            gathering.add(c);
        }
        events.opened(c, now);
    }

    void message(Conn c, long length, byte[] prefix, int prefixLength) {
        long now = System.nanoTime();
        run.progressed(now);
        run.completed();
        events.message(c, now, length, prefix, prefixLength);
    }

    void control(Conn c, int opcode, byte[] body, int length) {
        if (opcode == Opcode.PING.code()) {
            byte[] pong = encoder.encode(Frame.pong(Bytes.copyOf(body, 0, length)));
            c.enqueue(pong, pong.length);
        } else if (opcode == Opcode.CLOSE.code()) {
            if (c.state() == Conn.State.OPEN) {
                refusals.closed(body, length);
            }
            c.serverClosed(Refusals.status(body, length));
        }
    }

    void gone(Conn c, Conn.State was, String why) {
        if (refusals.any()) {
            run.fail(refusals.explain(run.scenario().connections()));
        }
        if (was.ordinal() < Conn.State.OPEN.ordinal()) {
            failedOpens++;
            openFailure = why;
            openTarget = c.authority + c.path;
        }
        events.gone(c, was, why);
    }
}

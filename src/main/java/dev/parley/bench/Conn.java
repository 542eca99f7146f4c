package dev.parley.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.net.StandardSocketOptions;

import dev.parley.wire.UpgradeResponse;

/**
 * One client connection of the {@link Driver}: its socket and state, the bytes queued for it until the driver's next
 * flush, its {@link Opening} until the handshake is done, then a {@link ServerFrameScanner} over what the server sends.
 * Whole messages and control frames go to the driver.
 */
final class Conn implements ServerFrameScanner.Sink {

    enum State { CONNECTING, HANDSHAKE, OPEN, CLOSING, CLOSED }

    private static final int MAX_OUTBOUND = 64 << 20;

    final String authority;
    final String path;
    final long startedAt = System.nanoTime();
    /** Send times of the requests still unanswered on this connection, oldest first (answers come in order). */
    final LongRing sent = new LongRing(8);
    private final Driver driver;
    private final SocketChannel ch;
    private final ServerFrameScanner scanner;
    /** The workload's own state for this connection (the chat workload's member), or null. */
    Object attachment;
    private SelectionKey key;
    private State state = State.CONNECTING;
    private Opening opening;
    private BenchDeflate deflate; // --deflate, once the server accepted it
    private ByteBuffer out;
    private boolean dirty;
    /** The bytes on the wire (frame headers included, compressed if it was) of the message being reported. */
    long messageWireBytes;

    Conn(Driver driver, SocketChannel ch, String authority, String path) {
        this.driver = driver;
        this.ch = ch;
        this.authority = authority;
        this.path = path;
        this.scanner = new ServerFrameScanner(driver.prefixInitial, driver.prefixMax);
    }

    State state() {
        return state;
    }

    /** Registers with the selector; {@code connected}: the TCP connection is already up, the handshake starts. */
    void register(Selector selector, boolean connected) throws IOException {
        key = ch.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
        if (connected) {
            connected();
        }
    }

    /** What the selector found ready on this connection's key. */
    void ready(SelectionKey k) {
        try {
            if (k.isValid() && k.isConnectable()) {
                connected();
            }
            if (k.isValid() && k.isReadable()) {
                readable();
            }
            if (k.isValid() && k.isWritable()) {
                flush();
            }
        } catch (IOException | RuntimeException e) {
            gone(e.toString());
        }
    }

    private void connected() throws IOException {
        if (ch.isConnectionPending()) {
            ch.finishConnect();
        }
        key.interestOps(SelectionKey.OP_READ);
        opening = new Opening(authority, path, driver.keys, driver.openingHeaders);
        byte[] hello = opening.request();
        state = State.HANDSHAKE;
        enqueue(hello, hello.length);
    }

    // ---------------------------------------------------------------- sending

    /**
     * Queues a workload's message, an unfragmented masked client frame: compressed first if this connection
     * negotiated permessage-deflate. Its bytes count as data bytes sent.
     */
    void sendMessage(byte[] frame) {
        byte[] wire = deflate == null ? frame : deflate.compress(frame, driver.encoder());
        driver.wire.sent(wire.length);
        enqueue(wire, wire.length);
    }

    /** Queues bytes; they go out at the driver's next flush, with everything else queued until then. */
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
            driver.queued(this);
        }
    }

    /** The driver's flush: writes what is queued; a failure ends the connection. */
    void flushQueued() {
        dirty = false;
        try {
            flush();
        } catch (IOException | RuntimeException e) {
            gone(e.toString());
        }
    }

    private void flush() throws IOException {
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

    /** If open: a close frame, and the connection waits for the server's close. */
    void startClose() {
        if (key.isValid() && state == State.OPEN) {
            state = State.CLOSING;
            byte[] close = driver.closeFrame();
            enqueue(close, close.length);
        }
    }

    // ---------------------------------------------------------------- receiving

    private void readable() throws IOException {
        ByteBuffer in = driver.readBuffer;
        while (true) {
            in.clear();
            int n = ch.read(in);
            if (n < 0) {
                gone(null);
                return;
            }
            if (n == 0) {
                return;
            }
            in.flip();
            if (state == State.HANDSHAKE) {
                handshake(in);
            } else {
                scanner.scan(in, this);
            }
            if (!key.isValid() || n < in.capacity()) {
                return;
            }
        }
    }

    private void handshake(ByteBuffer in) {
        UpgradeResponse response = opening.read(in);
        if (response == null) {
            return;
        }
        if (response.status() != 101) {
            driver.refused(response);
        }
        opening.check(response);
        if (driver.deflate) {
            deflate = BenchDeflate.negotiated(response).orElse(null);
            if (deflate != null) {
                scanner.inflateWith(deflate.inflater());
            }
        }
        state = State.OPEN;
        ByteBuffer rest = opening.rest();
        opening = null;
        driver.opened(this);
        if (rest.hasRemaining()) {
            scanner.scan(rest, this);
        }
    }

    @Override
    public void message(int opcode, long length, byte[] prefix, int prefixLength) {
        messageWireBytes = scanner.takeWireBytes();
        driver.wire.received(messageWireBytes);
        driver.message(this, length, prefix, prefixLength);
    }

    @Override
    public void control(int opcode, byte[] body, int length) {
        driver.control(this, opcode, body, length);
    }

    // ---------------------------------------------------------------- ending

    /** The server's close frame arrived; {@code status}: its code and reason, as in the run's messages. */
    void serverClosed(String status) {
        if (state == State.OPEN) {
            // The server closes first (e.g. 1008 or 1009): answer, then go.
            byte[] close = driver.closeFrame();
            enqueue(close, close.length);
            try {
                flush();
            } catch (IOException ignored) {
                // going anyway
            }
            gone("closed by the server with a close frame (" + status + ")");
            return;
        }
        gone(null);
    }

    private void gone(String why) {
        if (state == State.CLOSED) {
            return;
        }
        State was = state;
        reset();
        driver.gone(this, was, why);
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
        if (deflate != null) {
            deflate.close();
            deflate = null;
        }
    }
}

package dev.parley.soak;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

import dev.parley.wire.Bytes;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameEncoder;
import dev.parley.wire.FrameDecoder;
import dev.parley.wire.Handshake;
import dev.parley.wire.HttpHead;
import dev.parley.wire.MessageAssembler;
import dev.parley.wire.MessageHandler;
import dev.parley.wire.Opcode;
import dev.parley.wire.ProtocolViolation;
import dev.parley.wire.UpgradeRequest;
import dev.parley.wire.UpgradeResponse;

/**
 * One non-blocking client WebSocket on a selector, on the project's own codec ({@code dev.parley.wire}): it binds to
 * a chosen local address (so many clients can come from many loopback addresses), does the opening handshake, answers
 * pings, hands over whole text messages, and queues what it sends until the socket takes it. Runs on its loop's
 * thread only.
 */
final class WsConnection implements MessageHandler {
    /** What a connection tells its owner. Called on the loop's thread. */
    interface Listener {
        void opened(WsConnection connection);

        void text(WsConnection connection, String text);

        /** The connection is gone; {@code how} is the close code the server sent, or what happened instead. */
        void closed(WsConnection connection, String how);
    }

    /** Largest message the soak accepts from the server (a history page of 100 texts of 4 KiB fits). */
    private static final int MAX_MESSAGE = 8 << 20;
    /** A server that does not read this much of what we send is treated as gone. */
    private static final long MAX_QUEUED = 4 << 20;

    private final SocketChannel channel;
    private final SelectionKey key;
    private final Listener listener;
    private final FrameEncoder encoder;
    private final UpgradeRequest request;
    private final FrameDecoder decoder = FrameDecoder.client(MAX_MESSAGE);
    private final MessageAssembler assembler = new MessageAssembler(MAX_MESSAGE, this);
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private long queued;
    private ByteBuffer head = ByteBuffer.allocate(HttpHead.MAX_HEAD);
    private boolean open;
    private boolean gone;
    final long startedNanos = System.nanoTime();

    private WsConnection(SocketChannel channel, Selector selector, Listener listener, String host, String target,
            SplittableRandom random) throws IOException {
        this.channel = channel;
        this.listener = listener;
        this.encoder = FrameEncoder.client(random::nextInt);
        this.request = Handshake.clientRequest(host, target, random::nextInt);
        this.key = channel.register(selector, SelectionKey.OP_CONNECT, this);
    }

    /** Starts connecting from {@code local} to {@code server}; the listener hears of the outcome. */
    static WsConnection open(Selector selector, InetAddress local, InetSocketAddress server, String target,
            Listener listener, SplittableRandom random) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.bind(new InetSocketAddress(local, 0));
            channel.connect(server);
            return new WsConnection(channel, selector, listener, server.getHostString() + ":" + server.getPort(),
                    target, random);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    boolean isOpen() {
        return open && !gone;
    }

    /** The selector found this connection ready. */
    void ready(ByteBuffer readBuffer) {
        if (gone || !key.isValid()) {
            return;
        }
        try {
            if (key.isConnectable() && channel.finishConnect()) {
                key.interestOps(SelectionKey.OP_READ);
                enqueue(ByteBuffer.wrap(request.toBytes()));
            }
            if (key.isValid() && key.isWritable()) {
                flush();
            }
            if (key.isValid() && key.isReadable()) {
                read(readBuffer);
            }
        } catch (IOException e) {
            end(e.getMessage() != null && e.getMessage().contains("reset") ? "reset" : "io-error");
        } catch (ProtocolViolation e) {
            end("bad-frame");
        } catch (RuntimeException e) { // HandshakeRejected, or a listener's failure: this connection ends, not the loop
            end(open ? "failed" : "bad-handshake");
        }
    }

    private void read(ByteBuffer buffer) throws IOException {
        buffer.clear();
        int n = channel.read(buffer);
        if (n < 0) {
            end("eof");
            return;
        }
        buffer.flip();
        if (!open) {
            int take = Math.min(buffer.remaining(), head.remaining());
            head.put(buffer.slice(buffer.position(), take));
            buffer.position(buffer.position() + take);
            int length = HttpHead.length(head.array(), 0, head.position());
            if (length < 0) {
                if (!head.hasRemaining()) {
                    end("handshake-too-long");
                }
                return;
            }
            UpgradeResponse response = UpgradeResponse.parse(head.array(), 0, length);
            if (response.status() != 101) {
                end("http-" + response.status());
                return;
            }
            Handshake.checkResponse(request, response);
            ByteBuffer rest = ByteBuffer.wrap(head.array(), length, head.position() - length);
            head = null;
            open = true;
            listener.opened(this);
            decoder.stream(rest, assembler);
        }
        if (!gone && buffer.hasRemaining()) {
            decoder.stream(buffer, assembler);
        }
    }

    void sendText(String text) {
        send(Frame.text(text));
    }

    private void send(Frame frame) {
        if (!gone) {
            enqueue(ByteBuffer.wrap(encoder.encode(frame)));
        }
    }

    private void enqueue(ByteBuffer bytes) {
        queued += bytes.remaining();
        queue.add(bytes);
        if (queued > MAX_QUEUED) {
            end("server-not-reading");
            return;
        }
        try {
            flush();
        } catch (IOException e) {
            end("io-error");
        }
    }

    private void flush() throws IOException {
        while (!queue.isEmpty()) {
            ByteBuffer next = queue.peek();
            int n = channel.write(next);
            queued -= n;
            if (next.hasRemaining()) {
                key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
                return;
            }
            queue.poll();
        }
        if (key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) != 0) {
            key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
        }
    }

    /** A clean close from our side: close frame, then the socket (the answer is not awaited). */
    void close(int code) {
        if (gone) {
            return;
        }
        if (open) {
            send(Frame.close(new CloseStatus(code, "")));
        }
        shut(false);
    }

    /** An abrupt end: the socket is reset without a close frame, as when a network path dies. */
    void abort() {
        shut(true);
    }

    /** Ends the connection and tells the listener. */
    void end(String how) {
        if (!gone) {
            shut(how.equals("reset"));
            listener.closed(this, how);
        }
    }

    private void shut(boolean reset) {
        gone = true;
        key.cancel();
        try {
            if (reset) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        queue.clear();
    }

    @Override
    public void onText(String text) {
        if (!gone) {
            listener.text(this, text);
        }
    }

    @Override
    public void onBinary(Bytes data) {
        end("binary");
    }

    @Override
    public void onPing(Bytes payload) {
        send(new Frame(true, false, false, false, Opcode.PONG, payload));
    }

    @Override
    public void onPong(Bytes payload) {
    }

    @Override
    public void onClose(CloseStatus status) {
        send(Frame.close(status));
        end(Integer.toString(status.code()));
    }
}

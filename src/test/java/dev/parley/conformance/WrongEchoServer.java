package dev.parley.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.parley.wire.CloseCode;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameDecoder;
import dev.parley.wire.FrameEncoder;
import dev.parley.wire.Handshake;
import dev.parley.wire.HttpHead;
import dev.parley.wire.ProtocolViolation;
import dev.parley.wire.UpgradeRequest;

/**
 * An echo server on the raw codec that is wrong on purpose, to show that the conformance cases catch it. It checks
 * each frame (the codec's server-side {@link FrameDecoder}) and answers control frames properly, but:
 * <ul>
 *   <li>it echoes data frames as they came, each with an 8-byte length, minimal or not;</li>
 *   <li>it applies no message rules: no UTF-8 check, no fragment order, no message cap;</li>
 *   <li>it answers every close with 1000, whatever code it was sent.</li>
 * </ul>
 */
final class WrongEchoServer implements AutoCloseable {
    private static final FrameEncoder ENCODER = FrameEncoder.server();

    private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    WrongEchoServer() throws IOException {
        start(this::acceptLoop, "wrong-echo-accept");
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/echo");
    }

    private void start(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                open.add(socket);
                start(() -> serve(socket), "wrong-echo-" + socket.getPort());
            } catch (IOException e) {
                return; // the listener was closed
            }
        }
    }

    private void serve(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            int head;
            while ((head = HttpHead.length(buffer.array(), 0, buffer.position())) < 0) {
                if (!read(in, buffer)) {
                    return;
                }
            }
            out.write(Handshake.accept(UpgradeRequest.parse(buffer.array(), 0, head)).toBytes());
            buffer.flip().position(head);
            FrameDecoder decoder = FrameDecoder.server(16 << 20);
            while (true) {
                for (Frame frame; (frame = decoder.decode(buffer)) != null; ) {
                    if (!answer(frame, out)) {
                        return;
                    }
                }
                buffer.compact();
                if (!read(in, buffer)) {
                    return;
                }
                buffer.flip();
            }
        } catch (ProtocolViolation violation) {
            fail(socket, violation);
        } catch (IOException | RuntimeException e) {
            // the client went away or sent something this toy server cannot handle: drop the connection
        } finally {
            open.remove(socket);
            closeQuietly(socket);
        }
    }

    /** Answers one frame; false once the connection is to be closed. */
    private static boolean answer(Frame frame, OutputStream out) throws IOException {
        switch (frame.opcode()) {
            case PING -> out.write(ENCODER.encode(Frame.pong(frame.payload())));
            case PONG -> {
                // unsolicited pong: ignored
            }
            case CLOSE -> {
                out.write(ENCODER.encode(Frame.close(CloseStatus.of(CloseCode.NORMAL_CLOSURE, "")))); // wrong code
                return false;
            }
            default -> out.write(RawFrame.of((frame.fin() ? 0x80 : 0) | frame.opcode().code()).unmasked()
                    .lengthBytes(8).payload(frame.payload().toByteArray()).build()); // non-minimal length
        }
        out.flush();
        return true;
    }

    private static void fail(Socket socket, ProtocolViolation violation) {
        try {
            socket.getOutputStream().write(ENCODER.encode(violation.toCloseFrame()));
        } catch (IOException e) {
            // already gone
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static boolean read(InputStream in, ByteBuffer buffer) throws IOException {
        int n = in.read(buffer.array(), buffer.position(), buffer.remaining());
        if (n < 0) {
            return false;
        }
        buffer.position(buffer.position() + n);
        return true;
    }

    /** Closes the listener and every connection, and waits for their threads. */
    @Override
    public void close() throws IOException, InterruptedException {
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
        for (Thread thread : threads) {
            thread.join(5_000);
        }
    }
}

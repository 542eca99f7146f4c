package dev.parley.attack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.parley.client.RawClient;
import dev.parley.wire.Bytes;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameEncoder;
import dev.parley.wire.MaskKeys;
import dev.parley.wire.Opcode;

/**
 * The attacks on the server's memory in flight (issue 11): connections that each hold bytes the server cannot let go
 * of, a message not yet finished or replies not yet read. Every connection a method opens is in {@link #clients},
 * closed by {@link #close}.
 */
final class InFlight implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final FrameEncoder ENCODER = FrameEncoder.client(MaskKeys.secure());

    final List<RawClient> clients = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final ExecutorService writers = Executors.newFixedThreadPool(16);

    /**
     * {@code count} connections from {@code from} to {@code echo}, each sending a binary frame of
     * {@code messageBytes} all but its last byte: a message the server must keep until it is finished, which it
     * never is. The writes run on several threads, so a server that stops reading cannot hang the test: they must
     * all be done (written, or failed because the server cut the connection) within {@code within}.
     *
     * @return how many of the writes failed (the server closed the connection while it was being written)
     */
    int unfinishedMessages(URI echo, InetAddress from, int count, int messageBytes, Duration within)
            throws Exception {
        byte[] frame = ENCODER.encode(Frame.binary(Bytes.of(new byte[messageBytes])));
        byte[] allButLast = Arrays.copyOf(frame, frame.length - 1);
        List<Future<Boolean>> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RawClient client = connect(from, echo);
            writes.add(writers.submit(() -> {
                try {
                    client.sendRaw(allButLast);
                    return true;
                } catch (IOException cut) {
                    return false;
                }
            }));
        }
        return failed(writes, within);
    }

    /**
     * {@code count} connections from {@code from} to {@code echo} with a small receive buffer, each sending
     * {@code messages} binary messages of {@code messageBytes} and never reading the echoes.
     *
     * @return how many of the writes failed
     */
    int stalledReaders(URI echo, InetAddress from, int count, int messages, int messageBytes, Duration within)
            throws Exception {
        byte[] frame = ENCODER.encode(Frame.binary(Bytes.of(new byte[messageBytes])));
        List<Future<Boolean>> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RawClient client = connect(from, echo);
            writes.add(writers.submit(() -> {
                try {
                    for (int m = 0; m < messages; m++) {
                        client.sendRaw(frame);
                    }
                    return true;
                } catch (IOException cut) {
                    return false;
                }
            }));
        }
        return failed(writes, within);
    }

    private static int failed(List<Future<Boolean>> writes, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        int failed = 0;
        for (Future<Boolean> write : writes) {
            try {
                if (!write.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    failed++;
                }
            } catch (TimeoutException stuck) {
                throw new AssertionError("the attack's writes were not done within " + within
                        + ": the server stopped reading", stuck);
            }
        }
        return failed;
    }

    private RawClient connect(InetAddress local, URI uri) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096); // before connect, so the window stays small
        socket.bind(new InetSocketAddress(local, 0));
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) TIMEOUT.toMillis());
        RawClient client = RawClient.over(socket, uri, TIMEOUT);
        clients.add(client);
        sockets.add(socket);
        return client;
    }

    /**
     * The close status each client of {@link #unfinishedMessages} has received (they get nothing else), or null for
     * one that has received nothing within {@code wait} (the server still holds its message).
     */
    List<CloseStatus> closeStatuses(Duration wait) throws IOException {
        List<CloseStatus> statuses = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            sockets.get(i).setSoTimeout((int) wait.toMillis());
            CloseStatus status = null;
            try {
                RawClient.Received received = clients.get(i).read();
                if (received.frame().opcode() == Opcode.CLOSE) {
                    status = received.frame().closeStatus();
                }
            } catch (IOException nothingYet) {
                status = null;
            }
            statuses.add(status);
        }
        return statuses;
    }

    @Override
    public void close() throws IOException {
        writers.shutdownNow();
        for (RawClient client : clients) {
            client.close();
        }
        clients.clear();
        sockets.clear();
    }
}

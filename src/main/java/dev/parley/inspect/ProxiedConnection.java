package dev.parley.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.parley.wire.HttpHead;

/**
 * One client connection through the proxy: a connection to the target, and one thread per direction that reads,
 * forwards the bytes unchanged, then shows them to that direction's {@link DirectionInspector}. End of stream is
 * passed on as a half-close; once both directions have ended (or either failed), both sockets are closed. If the
 * target cannot be reached, the client is answered 502 with the reason.
 */
final class ProxiedConnection {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ANSWER_READ_TIMEOUT = Duration.ofSeconds(1);

    private final int number;
    private final Socket client;
    private final InetSocketAddress target;
    private final int previewBytes;
    private final Consumer<InspectEvent> sink;
    private final Socket server = new Socket();
    private final AtomicInteger running = new AtomicInteger(2);
    private final AtomicLong toServer = new AtomicLong();
    private final AtomicLong toClient = new AtomicLong();

    ProxiedConnection(int number, Socket client, InetSocketAddress target, int previewBytes,
            Consumer<InspectEvent> sink) {
        this.number = number;
        this.client = client;
        this.target = target;
        this.previewBytes = previewBytes;
        this.sink = sink;
    }

    int number() {
        return number;
    }

    /**
     * Connects to the target and starts both directions.
     *
     * @return false if the target could not be reached: reported, and the client's connection closed
     */
    boolean start(ThreadStarter threads) {
        try {
            server.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
            server.connect(target, (int) CONNECT_TIMEOUT.toMillis());
        } catch (IOException e) {
            String reason = "cannot connect to " + target.getHostString() + ":" + target.getPort() + ": "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
            sink.accept(new InspectEvent.Note(Instant.now(), number, Direction.CLIENT_TO_SERVER,
                    reason + ": answered 502"));
            answerBadGateway("parley inspect: " + reason);
            closeBoth();
            return false;
        }
        sink.accept(new InspectEvent.Opened(Instant.now(), number,
                client.getInetAddress().getHostAddress() + ":" + client.getPort(),
                target.getHostString() + ":" + target.getPort()));
        Upgrade upgrade = new Upgrade();
        threads.start(() -> pump(client, server, Direction.CLIENT_TO_SERVER, upgrade, toServer),
                "inspect-" + number + "-c>s");
        threads.start(() -> pump(server, client, Direction.SERVER_TO_CLIENT, upgrade, toClient),
                "inspect-" + number + "-s>c");
        return true;
    }

    /**
     * The target is down: the client gets {@code 502 Bad Gateway} with the reason as its body, instead of a silent
     * close. Its request head is read first (up to 1 s), so closing does not reset the connection under the answer.
     */
    private void answerBadGateway(String reason) {
        try {
            client.setSoTimeout((int) ANSWER_READ_TIMEOUT.toMillis());
            byte[] head = new byte[HttpHead.MAX_HEAD];
            int length = 0;
            try {
                while (length < head.length && HttpHead.length(head, 0, length) < 0) {
                    int n = client.getInputStream().read(head, length, head.length - length);
                    if (n < 0) {
                        break;
                    }
                    length += n;
                }
            } catch (SocketTimeoutException e) {
                // no complete head: answer anyway
            }
            byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
            String response = "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            OutputStream out = client.getOutputStream();
            out.write(response.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            client.shutdownOutput();
        } catch (IOException e) {
            // the client has gone: nobody to answer
        }
    }

    /** Starts a named thread that the proxy keeps track of. */
    @FunctionalInterface
    interface ThreadStarter {
        void start(Runnable task, String name);
    }

    private void pump(Socket from, Socket to, Direction direction, Upgrade upgrade, AtomicLong count) {
        DirectionInspector inspector = new DirectionInspector(number, direction, upgrade, previewBytes, sink);
        byte[] buffer = new byte[64 * 1024];
        boolean inspecting = true;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n); // forwarded first, unchanged; the inspector only reads the same bytes after
                count.addAndGet(n);
                if (inspecting) {
                    inspecting = inspect(inspector, direction, buffer, n);
                }
            }
            to.shutdownOutput(); // pass the end of stream on
        } catch (IOException e) {
            closeBoth(); // a reset or a failed write ends both directions
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeBoth();
        } finally {
            inspector.end();
            if (running.decrementAndGet() == 0) {
                closeBoth();
                sink.accept(new InspectEvent.Closed(Instant.now(), number, toServer.get(), toClient.get()));
            }
        }
    }

    /** Shows bytes to the inspector; a bug there stops inspecting this direction, never the forwarding. */
    private boolean inspect(DirectionInspector inspector, Direction direction, byte[] buffer, int n)
            throws InterruptedException {
        try {
            inspector.accept(buffer, 0, n);
            return true;
        } catch (RuntimeException e) {
            sink.accept(new InspectEvent.Note(Instant.now(), number, direction,
                    "inspector error (" + e + "): not decoded further, still forwarded"));
            return false;
        }
    }

    void closeBoth() {
        closeQuietly(client);
        closeQuietly(server);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}

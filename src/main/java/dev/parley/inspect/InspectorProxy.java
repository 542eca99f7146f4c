package dev.parley.inspect;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A TCP proxy that forwards both directions unchanged and reports every opening handshake and frame it sees to a
 * sink, violations flagged. It can sit in front of any server: it never answers, rewrites or holds back anything.
 * A malformed stream only stops the decoding of that one direction; other connections carry on.
 *
 * <p>The sink is called from the connections' threads, concurrently; it must be thread-safe.
 */
public final class InspectorProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final int previewBytes;
    private final Consumer<InspectEvent> sink;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<ProxiedConnection> open = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    private InspectorProxy(ServerSocket listener, InetSocketAddress target, int previewBytes,
            Consumer<InspectEvent> sink) {
        this.listener = listener;
        this.target = target;
        this.previewBytes = previewBytes;
        this.sink = sink;
    }

    /**
     * Listens on {@code listen} (port 0 picks a free one) and forwards to {@code target}.
     *
     * @param previewBytes how much of each data payload to show
     */
    public static InspectorProxy start(InetSocketAddress listen, InetSocketAddress target, int previewBytes,
            Consumer<InspectEvent> sink) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(listen, 128);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        InspectorProxy proxy = new InspectorProxy(listener, target, previewBytes, sink);
        proxy.startThread(proxy::acceptLoop, "inspect-accept");
        return proxy;
    }

    /** The port it listens on. */
    public int port() {
        return listener.getLocalPort();
    }

    private void startThread(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        threads.removeIf(t -> !t.isAlive());
        threads.add(thread);
        thread.start();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            ProxiedConnection connection = new ProxiedConnection(connections.incrementAndGet(), client, target,
                    previewBytes, event -> {
                        sink.accept(event);
                        if (event instanceof InspectEvent.Closed) {
                            open.removeIf(c -> c.number() == event.connection());
                        }
                    });
            open.add(connection);
            if (!connection.start(this::startThread)) {
                open.remove(connection);
            }
        }
    }

    /** Stops listening, closes every proxied connection and waits for their threads. */
    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(ProxiedConnection::closeBoth);
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

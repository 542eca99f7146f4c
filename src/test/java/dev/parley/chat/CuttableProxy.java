package dev.parley.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy for tests that can stall (hold every byte in both directions, as a dead network would) and
 * cut (close every connection it carries; later ones pass normally). Bytes pass unchanged.
 */
final class CuttableProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private boolean stalled;

    /** A proxy to {@code target} listening on loopback {@code port} (0: a free one). */
    CuttableProxy(InetSocketAddress target, int port) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Holds all traffic from now on, until {@link #cut()}. */
    void stall() {
        synchronized (gate) {
            stalled = true;
        }
    }

    /** Closes every connection carried so far (dropping what was held) and lets new ones through. */
    void cut() throws IOException {
        synchronized (gate) {
            stalled = false;
            for (Socket socket : sockets) {
                socket.close();
            }
            sockets.clear();
            gate.notifyAll();
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(target.getAddress(), target.getPort());
                sockets.add(client);
                sockets.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    awaitFlowing(from);
                    out.write(buffer, 0, n);
                }
            } catch (IOException | InterruptedException closed) {
                // cut, or one side went away
            } finally {
                close(from);
                close(to);
            }
        }, "proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits while stalled; fails once the connection has been cut. */
    private void awaitFlowing(Socket from) throws InterruptedException, IOException {
        synchronized (gate) {
            while (stalled && !from.isClosed()) {
                gate.wait();
            }
        }
        if (from.isClosed()) {
            throw new IOException("cut");
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cut();
    }
}

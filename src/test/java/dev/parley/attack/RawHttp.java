package dev.parley.attack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** An attacker's HTTP connection: whatever bytes it likes, and the server's answer read with a deadline. */
final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final long openedNanos = System.nanoTime();

    private RawHttp(Socket socket) {
        this.socket = socket;
    }

    /** A new connection to 127.0.0.1:{@code port}; nothing sent yet. */
    static RawHttp open(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return new RawHttp(socket);
    }

    /** A request head announcing a body of {@code contentLength} bytes (none of which is sent). */
    static String postHead(String path, String authorization, long contentLength) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }

    RawHttp send(String ascii) throws IOException {
        socket.getOutputStream().write(ascii.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return this;
    }

    /** Time since the connection was opened. */
    Duration age() {
        return Duration.ofNanos(System.nanoTime() - openedNanos);
    }

    /** The status line of the answer ("HTTP/1.1 408 Request Timeout"), waiting at most {@code within}. */
    String statusLine(Duration within) throws IOException {
        socket.setSoTimeout((int) Math.max(1, within.toMillis()));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** Everything the server sends until it closes the connection, waiting at most {@code within}. */
    String readToClose(Duration within) throws IOException {
        socket.setSoTimeout((int) Math.max(1, within.toMillis()));
        try {
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + within.toMillis() + " ms");
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

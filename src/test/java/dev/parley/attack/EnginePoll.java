package dev.parley.attack;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Engine.IO long-polling over raw HTTP/1.1 from a chosen loopback address (the JDK's HttpClient cannot bind one), one
 * request per connection ({@code Connection: close}): an attacker's sessions come from one address, the well-behaved
 * client's from another, so the per-address cap meets only the attacker.
 */
final class EnginePoll {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String PATH = "/socket.io/";
    static final String SEPARATOR = "\u001e";

    /** An answer: status and body. */
    record Reply(int status, String body) {
        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final InetAddress from;
    private final int port;
    private String sid;

    EnginePoll(String from, int port) throws IOException {
        this.from = InetAddress.getByName(from);
        this.port = port;
    }

    /** The handshake: the open packet's reply (200 {@code 0{...}}), or the refusal. The sid is kept. */
    Reply open() throws IOException {
        Reply reply = request("GET", "EIO=4&transport=polling", null);
        if (reply.status() == 200 && reply.body().startsWith("0{\"sid\":\"")) {
            int start = "0{\"sid\":\"".length();
            sid = reply.body().substring(start, reply.body().indexOf('"', start));
        }
        return reply;
    }

    String sid() {
        return sid;
    }

    String query() {
        return "EIO=4&transport=polling&sid=" + sid;
    }

    Reply post(String... packets) throws IOException {
        return request("POST", query(), String.join(SEPARATOR, packets));
    }

    Reply get() throws IOException {
        return request("GET", query(), null);
    }

    /** A request on a new connection from this client's address; its whole answer. */
    Reply request(String method, String query, String body) throws IOException {
        try (Socket socket = connect()) {
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            write(socket, head(method, query, bytes.length));
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return read(socket);
        }
    }

    /** A request sent whole on a new connection, its answer not read: the caller reads it with {@link #read}. */
    Socket send(String method, String query, long contentLength) throws IOException {
        Socket socket = connect();
        write(socket, head(method, query, contentLength));
        return socket;
    }

    /** The answer on {@code socket}, read until the server closes it (it was asked to). */
    static Reply read(Socket socket) throws IOException {
        socket.setSoTimeout((int) WAIT.toMillis());
        byte[] all;
        try (InputStream in = socket.getInputStream()) {
            all = in.readAllBytes();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + WAIT.toMillis() + " ms");
        }
        String text = new String(all, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new AssertionError("not an HTTP answer: " + text);
        }
        String head = text.substring(0, end);
        String body = text.substring(end + 4);
        if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
            body = unchunk(body);
        }
        return new Reply(Integer.parseInt(text.substring(9, 12)), body);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) WAIT.toMillis());
        return socket;
    }

    private static String head(String method, String query, long contentLength) {
        return method + " " + PATH + "?" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + (method.equals("POST") ? "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: "
                        + contentLength + "\r\n" : "") + "\r\n";
    }

    private static void write(Socket socket, String ascii) throws IOException {
        socket.getOutputStream().write(ascii.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        for (int chunks = 0; chunks < 100_000; chunks++) {
            int line = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, line).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, line + 2, line + 2 + size); // sizes are bytes; the bodies here are ASCII
            at = line + 2 + size + 2;
        }
        throw new AssertionError("too many chunks");
    }
}

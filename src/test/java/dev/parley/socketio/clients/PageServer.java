package dev.parley.socketio.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Serves the browser test's page ({@code src/test/resources/socketio/index.html}, at {@code /}) and the official
 * browser bundle of socket.io-client, read from peers/socketio/node_modules (at {@code /socket.io.min.js}: not a
 * copy in the repo), on a loopback port of its own: the page's origin is {@link #origin()}, another than the Socket.IO
 * server's, which must allow it (CORS). The JDK's HTTP server: only static files, nothing of what is tested.
 */
public final class PageServer implements AutoCloseable {
    static final Path BUNDLE = OfficialClient.PEER.resolve("node_modules/socket.io-client/dist/socket.io.min.js");

    private final HttpServer http;

    /** Listens on 127.0.0.1:{@code port} (0 for any). */
    public PageServer(int port) {
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.createContext("/", this::serve);
        http.start();
    }

    /** {@code http://127.0.0.1:port}: where the page comes from. */
    public String origin() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            String type;
            if (path.equals("/") || path.equals("/index.html")) {
                try (InputStream page = PageServer.class.getResourceAsStream("/socketio/index.html")) {
                    body = page.readAllBytes();
                }
                type = "text/html; charset=utf-8";
            } else if (path.equals("/socket.io.min.js")) {
                body = Files.readAllBytes(BUNDLE);
                type = "text/javascript; charset=utf-8";
            } else {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}

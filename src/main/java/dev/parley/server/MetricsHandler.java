package dev.parley.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import dev.parley.metrics.Metrics;

/** {@code GET /metrics} on the embedded server: Prometheus text. */
final class MetricsHandler extends HttpHandler {
    private final Metrics metrics;

    MetricsHandler(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void service(Request request, Response response) throws IOException {
        // Rendered first and sent with its length: a streamed (chunked) body to a request offering an upgrade
        // (Java's HttpClient offers h2c) goes out raw from Grizzly, without its Content-Type.
        ByteArrayOutputStream text = new ByteArrayOutputStream(4096);
        metrics.write(text);
        response.setContentType(Metrics.contentType());
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(text.size());
        text.writeTo(response.getOutputStream());
    }
}

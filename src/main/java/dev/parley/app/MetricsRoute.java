package dev.parley.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import dev.parley.metrics.Metrics;

/**
 * {@code GET /metrics}: Prometheus text. Rendered first and sent with its length: a streamed (chunked) body to a
 * request offering an upgrade (Java's HttpClient offers h2c) goes out raw from Grizzly, without its Content-Type.
 */
final class MetricsRoute {
    static final String PATH = "/metrics";

    private MetricsRoute() {
    }

    /** The route showing {@code metrics}. */
    static Route of(Metrics metrics) {
        return new GetRoute(PATH, () -> render(metrics));
    }

    private static HttpReply render(Metrics metrics) {
        ByteArrayOutputStream text = new ByteArrayOutputStream(4096);
        try {
            metrics.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException("a ByteArrayOutputStream does not fail", e);
        }
        return new HttpReply(200, Metrics.contentType(), Map.of("Cache-Control", "no-store"), text.toByteArray());
    }
}

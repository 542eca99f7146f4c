package dev.parley.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.DoubleSupplier;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What one Parley server (or web application) counts, served as Prometheus text at {@code GET /metrics}. Its own
 * registry, not the global one: two servers in one JVM keep their own figures. Thread-safe.
 */
public final class Metrics {
    private static final PrometheusTextFormatWriter TEXT = new PrometheusTextFormatWriter(false);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter opened = counter("parley_sessions_opened", "WebSocket sessions opened");
    private final Counter closed = Counter.builder().name("parley_sessions_closed")
            .help("WebSocket sessions closed, by close code").labelNames("code").register(registry);
    private final Counter messagesIn = counter("parley_messages_received", "Messages received from clients");
    private final Counter bytesIn = counter("parley_received_bytes", "Payload bytes received from clients");
    private final Counter messagesOut = counter("parley_messages_sent", "Messages queued to clients");
    private final Counter bytesOut = counter("parley_sent_bytes", "Payload bytes queued to clients");
    private final Counter slowConsumers = counter("parley_slow_consumers",
            "Sessions closed with 1008 because their outbound queue overflowed");
    private final Counter rateLimited = counter("parley_rate_limited", "Chat messages refused by the rate limit");
    private final Counter refused = Counter.builder().name("parley_handshakes_refused")
            .help("Upgrade requests refused before the upgrade, by HTTP status").labelNames("status")
            .register(registry);
    private final Counter violations = Counter.builder().name("parley_protocol_violations")
            .help("Connections failed for breaking RFC 6455, by close code").labelNames("code").register(registry);

    private final Counter httpRefused = Counter.builder().name("parley_http_refused")
            .help("HTTP requests the publish API refused, by status (408: the body did not arrive in time)")
            .labelNames("status").register(registry);
    private final Counter connectionsDropped = Counter.builder().name("parley_connections_dropped")
            .help("TCP connections the embedded server closed before any WebSocket, by reason (head_timeout, "
                    + "idle_timeout, request_timeout, evicted, refused)")
            .labelNames("reason").register(registry);

    private Counter counter(String name, String help) {
        return Counter.builder().name(name).help(help).register(registry);
    }

    /** A gauge read when scraped. */
    public void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble()))
                .register(registry);
    }

    public void opened() {
        opened.inc();
    }

    public void closed(int code) {
        closed.labelValues(Integer.toString(code)).inc();
    }

    public void received(long bytes) {
        messagesIn.inc();
        bytesIn.inc(bytes);
    }

    public void sent(long bytes) {
        messagesOut.inc();
        bytesOut.inc(bytes);
    }

    public void slowConsumer() {
        slowConsumers.inc();
    }

    public void rateLimited() {
        rateLimited.inc();
    }

    public void refused(int status) {
        refused.labelValues(Integer.toString(status)).inc();
    }

    public void violation(int code) {
        violations.labelValues(Integer.toString(code)).inc();
    }

    public void httpRefused(int status) {
        httpRefused.labelValues(Integer.toString(status)).inc();
    }

    /** A connection closed by the embedded server's connection guard; {@code reason} is one of a fixed few. */
    public void connectionDropped(String reason) {
        connectionsDropped.labelValues(reason).inc();
    }

    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /** Writes the current values in Prometheus text format. */
    public void write(OutputStream out) throws IOException {
        TEXT.write(out, registry.scrape());
    }
}

package dev.parley.attack;

import java.util.Map;

/**
 * One {@code GET /metrics} of an attacked server, to read series from; parsed by the suites' one Prometheus reader,
 * {@link dev.parley.metrics.Scrape}.
 */
final class Scrape {
    private final Map<String, Double> samples;

    private Scrape(Map<String, Double> samples) {
        this.samples = samples;
    }

    static Scrape of(AttackedServer server) throws Exception {
        return new Scrape(dev.parley.metrics.Scrape.of(server.uri("http", "/metrics")));
    }

    /** The value of {@code series} (name with labels, e.g. {@code parley_http_refused_total{status="408"}}); 0 if absent. */
    double value(String series) {
        return samples.getOrDefault(series, 0.0);
    }

    @Override
    public String toString() {
        return samples.toString();
    }
}

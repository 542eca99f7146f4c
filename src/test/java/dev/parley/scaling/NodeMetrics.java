package dev.parley.scaling;

import java.net.URI;

import dev.parley.metrics.Scrape;

/** What a node's {@code /metrics} says, for telling which node a connection through the load balancer reached. */
final class NodeMetrics {
    private NodeMetrics() {
    }

    /** {@code parley_sessions_open} of the node at {@code base} ({@code http://host:port/}): its WebSockets open now. */
    static int sessionsOpen(URI base) throws Exception {
        return Scrape.of(base.resolve("/metrics")).getOrDefault("parley_sessions_open", 0.0).intValue();
    }
}

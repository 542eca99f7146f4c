package dev.parley.scaling;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.parley.metrics.Scrape;

/** What the nodes' {@code /metrics} say, for telling which node a connection through the load balancer reached. */
final class NodeMetrics {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private NodeMetrics() {
    }

    /** A connection and the index (in the list given) of the node that took it. */
    record Landed<T>(T connection, int node) {
    }

    /** {@code parley_sessions_open} of the node at {@code base} ({@code http://host:port/}): its WebSockets open now. */
    static int sessionsOpen(URI base) throws Exception {
        return Scrape.of(base.resolve("/metrics")).getOrDefault("parley_sessions_open", 0.0).intValue();
    }

    /**
     * Opens a connection ({@code connect}, through the load balancer) and finds the node of {@code nodes} whose open
     * sessions grew by one meanwhile. Nothing else may open or close sessions on these nodes while it runs.
     */
    static <T> Landed<T> landed(List<URI> nodes, Callable<T> connect) throws Exception {
        List<Integer> before = open(nodes);
        T connection = connect.call();
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Integer> after = before;
        while (System.nanoTime() < deadline) {
            after = open(nodes);
            List<Integer> grown = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                if (after.get(i) == before.get(i) + 1) {
                    grown.add(i);
                } else if (!after.get(i).equals(before.get(i))) {
                    grown.add(-1);
                }
            }
            if (grown.size() == 1 && grown.get(0) >= 0) {
                return new Landed<>(connection, grown.get(0));
            }
            Thread.sleep(20); // the poll interval: metrics are read, not pushed
        }
        throw new AssertionError("no single node took the connection: open sessions " + before + " -> " + after);
    }

    /**
     * Waits until no node of {@code nodes} has a session open: the sessions a test before closed are gone (their
     * closes reach the servers after the clients return), so {@link #landed} sees only its own connection.
     */
    static void awaitNoSessions(List<URI> nodes) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Integer> open = open(nodes);
        while (open.stream().anyMatch(n -> n != 0)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("sessions still open on the nodes: " + open);
            }
            Thread.sleep(20); // the poll interval: metrics are read, not pushed
            open = open(nodes);
        }
    }

    private static List<Integer> open(List<URI> nodes) throws Exception {
        List<Integer> open = new ArrayList<>();
        for (URI node : nodes) {
            open.add(sessionsOpen(node));
        }
        return open;
    }
}

package dev.parley.scaling;

import java.net.URI;
import java.util.List;

/**
 * The HAProxy configuration docs/scaling.md shows, for nodes at {@code nodes} ({@code http://host:port/}):
 * <ul>
 * <li>HTTP mode, so HAProxy sees the WebSocket upgrade and then tunnels the connection; {@code timeout tunnel} (not
 *     client/server) bounds an idle WebSocket, longer than Parley's ping interval (30 s by default);</li>
 * <li>{@code balance leastconn}: WebSocket connections are long, so the node with the fewest gets the next one (and
 *     two connections open at once land on two nodes);</li>
 * <li>{@code option httpchk GET /health}, {@code http-check expect status 200}: a node that is stopping answers 503
 *     and leaves the rotation before it closes its connections; a dead one fails its checks;</li>
 * <li>{@code option redispatch}, {@code retries}: a connection refused by a node that died between two checks is
 *     tried on another.</li>
 * </ul>
 */
record HaproxyConfig(int port, int statsPort, List<URI> nodes) {
    static final String BACKEND = "parley_nodes";
    static final String STATS_PATH = "/stats";

    static HaproxyConfig forNodes(List<URI> nodes, int port, int statsPort) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no nodes to balance over");
        }
        return new HaproxyConfig(port, statsPort, List.copyOf(nodes));
    }

    /** {@code node1}, {@code node2}, ... in the order of {@link #nodes}. */
    String nodeName(URI node) {
        int index = nodes.indexOf(node);
        if (index < 0) {
            throw new IllegalArgumentException(node + " is not one of " + nodes);
        }
        return "node" + (index + 1);
    }

    String text() {
        StringBuilder servers = new StringBuilder();
        for (URI node : nodes) {
            servers.append("    server ").append(nodeName(node)).append(' ').append(node.getHost()).append(':')
                    .append(node.getPort()).append(" check\n");
        }
        return """
                global
                    maxconn 4096

                defaults
                    mode http
                    option redispatch
                    retries 3
                    timeout connect 2s
                    timeout client 30s
                    timeout server 30s
                    timeout http-request 10s
                    timeout tunnel 1h
                    timeout client-fin 5s

                frontend parley
                    bind 127.0.0.1:%d
                    default_backend %s

                backend %s
                    balance leastconn
                    option httpchk GET /health
                    http-check expect status 200
                    default-server inter 1s fall 2 rise 2
                %s
                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri %s
                """.formatted(port, BACKEND, BACKEND, servers, statsPort, STATS_PATH);
    }
}

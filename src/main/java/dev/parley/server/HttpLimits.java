package dev.parley.server;

import java.time.Duration;

import dev.parley.settings.Setting;
import dev.parley.settings.Settings;

/**
 * The embedded server's limits on HTTP connections that have not (yet) become WebSockets (issue 11, findings 2 and
 * 7): how long they may take and how many may be open. Enforced by {@link ConnectionGuard} and {@link PublishHandler}.
 *
 * @param headTimeout    how long a new connection may take from accept to a complete request head; then closed
 * @param idleTimeout    how long a connection that has not upgraded may sit after a response without sending the
 *                       next complete request head; then closed
 * @param bodyTimeout    how long the publish API waits for a request body; then {@code 408}
 * @param maxConnections most TCP connections open at once (WebSocket or not); see {@link #headroom()}
 */
public record HttpLimits(Duration headTimeout, Duration idleTimeout, Duration bodyTimeout, int maxConnections) {
    /** File descriptors kept out of the default cap for the JVM itself (jars, selectors, pipes, logs). */
    static final int RESERVED_DESCRIPTORS = 128;
    /** The descriptor budget where the process's descriptor limit cannot be read. */
    static final int FALLBACK_MAX_CONNECTIONS = 10_000;
    /**
     * Heap budgeted per connection for the default cap. What a connection may hold outside the shared budgets is at
     * most 40 KiB as a WebSocket and 51 KiB of chat membership (1 KiB + 100 rooms x 512 B): 91 KiB, a little over a
     * third of this, so that the worst case of docs/limits.md fits the heap with the other derived defaults.
     */
    static final long HEAP_BYTES_PER_CONNECTION = 256 * 1024;

    /** The defaults {@link Setting} declares; the connection cap {@link #defaultMaxConnections()}. */
    public static final HttpLimits DEFAULTS = from(Settings.defaults());

    public HttpLimits {
        positive(headTimeout, "the HTTP head timeout");
        positive(idleTimeout, "the HTTP idle timeout");
        positive(bodyTimeout, "the HTTP body timeout");
        if (maxConnections < 2) {
            throw new IllegalArgumentException("max connections must be at least 2, not " + maxConnections);
        }
    }

    /** The HTTP settings; a {@code --max-connections} of 0 stands for {@link #defaultMaxConnections()}. */
    public static HttpLimits from(Settings settings) {
        int maxConnections = settings.integer(Setting.MAX_CONNECTIONS);
        return new HttpLimits(settings.millis(Setting.HTTP_HEAD_TIMEOUT), settings.millis(Setting.HTTP_IDLE_TIMEOUT),
                settings.millis(Setting.HTTP_BODY_TIMEOUT),
                maxConnections == 0 ? defaultMaxConnections() : maxConnections);
    }

    private static void positive(Duration timeout, String name) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not "
                    + (timeout == null ? "missing" : timeout.toMillis() + " ms"));
        }
    }

    /**
     * Slots that WebSocket sessions never take, so plain HTTP ({@code /health}, {@code /metrics}) and new handshakes
     * always find one: a tenth of the cap, at least 1.
     */
    public int headroom() {
        return Math.max(1, maxConnections / 10);
    }

    /** Most upgraded (WebSocket) connections: the cap less {@link #headroom()}; more handshakes get 503. */
    public int maxUpgraded() {
        return maxConnections - headroom();
    }

    /**
     * The smaller of two budgets, at least 64: the process's file descriptor limit less {@link #RESERVED_DESCRIPTORS},
     * and the maximum heap divided by {@link #HEAP_BYTES_PER_CONNECTION}. Where the descriptor limit cannot be read (not
     * a Unix JVM), the heap budget alone, at most {@link #FALLBACK_MAX_CONNECTIONS}.
     */
    public static int defaultMaxConnections() {
        return defaultMaxConnections(FileDescriptors.max(), Runtime.getRuntime().maxMemory());
    }

    static int defaultMaxConnections(long maxDescriptors, long maxHeapBytes) {
        long byHeap = maxHeapBytes / HEAP_BYTES_PER_CONNECTION;
        long byDescriptors = maxDescriptors > 0 ? maxDescriptors - RESERVED_DESCRIPTORS : FALLBACK_MAX_CONNECTIONS;
        return (int) Math.max(64, Math.min(Integer.MAX_VALUE, Math.min(byHeap, byDescriptors)));
    }

    public HttpLimits withMaxConnections(int connections) {
        return new HttpLimits(headTimeout, idleTimeout, bodyTimeout, connections);
    }

    public HttpLimits withBodyTimeout(Duration timeout) {
        return new HttpLimits(headTimeout, idleTimeout, timeout, maxConnections);
    }

    public HttpLimits withTimeouts(Duration head, Duration idle) {
        return new HttpLimits(head, idle, bodyTimeout, maxConnections);
    }
}

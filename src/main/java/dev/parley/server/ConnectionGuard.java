package dev.parley.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpPacket;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.HttpStatus;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;

import dev.parley.metrics.Metrics;

/**
 * Deadlines and a cap for every TCP connection of the embedded server (issue 11, finding 7). Sits just behind
 * Grizzly's HTTP codec, so it sees whole request heads, the responses going out, and the 101 that makes a connection
 * a WebSocket; once upgraded, a connection is left alone (its reads and writes cost one attribute look-up here).
 *
 * <p>A connection that has not upgraded always has a deadline ({@link Connections.Phase}): accept to complete head
 * within {@link HttpLimits#headTimeout()}, a response to the next complete head within {@link HttpLimits#idleTimeout()},
 * a head to the response within the route's answer time (body timeout, or a held Engine.IO GET's) plus head timeout. A timer closes it at the deadline. At accept, when
 * {@link HttpLimits#maxConnections()} are open, the oldest connection that has not upgraded and is not in the middle
 * of a request is closed to make room; if there is none, the new connection is closed at once. WebSocket handshakes
 * beyond {@link HttpLimits#maxUpgraded()} get 503, so the headroom stays for plain HTTP and handshakes. Everything
 * dropped is counted ({@code parley_connections_dropped}) and logged as one line per timer tick with the counts.
 */
@SuppressWarnings({"rawtypes", "unchecked"}) // Grizzly's Connection and write API are raw/generic
final class ConnectionGuard extends BaseFilter implements AddOn {
    private static final Logger LOG = Logger.getLogger(ConnectionGuard.class.getName());
    private static final Attribute<Connections.Tracked> TRACKED =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(ConnectionGuard.class.getName() + ".tracked");
    private static final byte[] FULL = "the server holds its maximum of WebSocket connections; try again later\n"
            .getBytes(StandardCharsets.UTF_8);

    /** Why the guard closed a connection: the label of {@code parley_connections_dropped}. */
    enum Drop {
        HEAD_TIMEOUT, IDLE_TIMEOUT, REQUEST_TIMEOUT, EVICTED, REFUSED, UPGRADE_REFUSED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final HttpLimits limits;
    private final Metrics metrics;
    private final Connections connections = new Connections();
    /** Connections that have not upgraded, in accept order: the oldest is evicted first. Upgraded/closed ones are
     * removed lazily, by the timer and by eviction. */
    private final Deque<Connections.Tracked> pending = new ConcurrentLinkedDeque<>();
    private final AtomicLongArray dropsSinceLog = new AtomicLongArray(Drop.values().length);
    /** How long a request to a path may take to be answered (a held Engine.IO GET: longer than a body may take). */
    private final Function<String, Duration> answerTimeout;

    ConnectionGuard(HttpLimits limits, Metrics metrics) {
        this(limits, metrics, path -> limits.bodyTimeout());
    }

    /** @param answerTimeout the time a request to a path has from its head to its answer, body included */
    ConnectionGuard(HttpLimits limits, Metrics metrics, Function<String, Duration> answerTimeout) {
        this.limits = limits;
        this.metrics = metrics;
        this.answerTimeout = answerTimeout;
        metrics.gauge("parley_connections_open", "TCP connections open now", connections::open);
        metrics.gauge("parley_connections_upgraded", "Open TCP connections that are WebSockets", connections::upgraded);
        metrics.gauge("parley_connections_unfinished", "Open TCP connections that have not upgraded (HTTP)",
                () -> connections.open() - connections.upgraded());
        metrics.gauge("parley_connections_max", "Most TCP connections the server keeps open (--max-connections)",
                limits::maxConnections);
        metrics.gauge("parley_open_file_descriptors", "File descriptors the process has open (-1: unknown)",
                FileDescriptors::open);
        metrics.gauge("parley_max_file_descriptors", "The process's file descriptor limit (-1: unknown)",
                FileDescriptors::max);
    }

    /**
     * Goes just behind Grizzly's HTTP codec, in front of everything that handles requests. Takes the place of
     * Grizzly's {@link IdleTimeoutFilter} when the listener's keep-alive timeout is off (as {@link ParleyServer} sets
     * it): with no timeout that filter closes nothing, but still costs every connection an attribute and a place in
     * its timer's queue, and every read and write a look-up. The deadlines of connections that have not upgraded are
     * this guard's.
     */
    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int idle = builder.indexOfType(IdleTimeoutFilter.class);
        if (idle >= 0 && listener.getKeepAlive().getIdleTimeoutInSeconds() < 0) {
            builder.remove(idle);
        }
        int codec = builder.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class);
        if (codec < 0) {
            throw new IllegalStateException("ConnectionGuard needs Grizzly's HTTP codec in the chain");
        }
        builder.add(codec + 1, this);
    }

    /** Runs the deadline timer on {@code timer}, checking every {@code period} milliseconds. */
    void start(ScheduledExecutorService timer) {
        long shortest = Math.min(limits.headTimeout().toMillis(),
                Math.min(limits.idleTimeout().toMillis(), limits.bodyTimeout().toMillis()));
        long period = Math.max(20, Math.min(1000, shortest / 10));
        timer.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public NextAction handleAccept(FilterChainContext ctx) throws IOException {
        Connection connection = ctx.getConnection();
        while (!connections.tryOpen(limits.maxConnections())) {
            if (!evictOldest()) {
                count(Drop.REFUSED);
                connection.closeSilently();
                return ctx.getStopAction();
            }
        }
        Connections.Tracked tracked = new Connections.Tracked(connection, deadline(limits.headTimeout().toNanos()));
        TRACKED.set(connection, tracked);
        pending.addLast(tracked);
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Connections.Tracked tracked = TRACKED.get(ctx.getConnection());
        if (tracked == null || tracked.upgraded()) {
            return ctx.getInvokeAction();
        }
        // A whole head has arrived (the codec passes nothing on before). A committed response means this is the rest
        // of the body of a request already answered, not a new request.
        if (ctx.getMessage() instanceof HttpContent content
                && content.getHttpHeader() instanceof HttpRequestPacket request
                && !request.getResponse().isCommitted()
                && tracked.begin(deadline(answerTimeout.apply(request.getRequestURI()).plus(limits.headTimeout())
                        .toNanos()))) {
            if ("websocket".equalsIgnoreCase(request.getUpgrade()) && connections.upgraded() >= limits.maxUpgraded()) {
                refuseUpgrade(ctx, request);
                return ctx.getStopAction();
            }
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleWrite(FilterChainContext ctx) throws IOException {
        Connections.Tracked tracked = TRACKED.get(ctx.getConnection());
        if (tracked == null || tracked.upgraded()) {
            return ctx.getInvokeAction();
        }
        if (ctx.getMessage() instanceof HttpPacket packet
                && packet.getHttpHeader() instanceof HttpResponsePacket response) {
            if (response.getStatus() == 101) {
                connections.upgrade(tracked);
            } else if (response.getStatus() >= 200) { // not a 100 Continue: the request's body is still to come
                tracked.answered(deadline(limits.idleTimeout().toNanos()));
            }
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) throws IOException {
        Connections.Tracked tracked = TRACKED.get(ctx.getConnection());
        if (tracked != null) {
            connections.closed(tracked);
        }
        return ctx.getInvokeAction();
    }

    /** RFC 9110 §15.6.4: 503 while the WebSocket connections fill all but the headroom; then the connection closes. */
    private void refuseUpgrade(FilterChainContext ctx, HttpRequestPacket request) {
        count(Drop.UPGRADE_REFUSED);
        metrics.refused(503);
        HttpResponsePacket response = request.getResponse();
        HttpStatus.SERVICE_UNAVAILABLE_503.setValues(response);
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("Retry-After", "10");
        HttpAnswer.sendAndClose(ctx, response, FULL);
    }

    /** Closes the oldest connection that has not upgraded and is not in a request; false if there is none. */
    private boolean evictOldest() {
        for (Iterator<Connections.Tracked> it = pending.iterator(); it.hasNext(); ) {
            Connections.Tracked tracked = it.next();
            if (tracked.finished()) {
                it.remove();
            } else if (tracked.evictable() && drop(tracked, Drop.EVICTED)) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    /** The timer: closes what is past its deadline, then logs what was dropped since the last tick. */
    private void tick() {
        try {
            closeExpired(System.nanoTime());
        } catch (RuntimeException e) { // a throwing task would stop the timer for good
            LOG.log(Level.WARNING, "event=connection_guard_failed", e);
        }
        logDrops();
    }

    private void closeExpired(long now) {
        for (Iterator<Connections.Tracked> it = pending.iterator(); it.hasNext(); ) {
            Connections.Tracked tracked = it.next();
            if (tracked.finished()) {
                it.remove();
            } else if (tracked.expired(now)) {
                Drop reason = switch (tracked.phase()) {
                    case HEAD -> Drop.HEAD_TIMEOUT;
                    case IDLE -> Drop.IDLE_TIMEOUT;
                    default -> Drop.REQUEST_TIMEOUT;
                };
                if (drop(tracked, reason)) {
                    it.remove();
                }
            }
        }
    }

    private boolean drop(Connections.Tracked tracked, Drop reason) {
        if (!connections.drop(tracked)) {
            return false; // upgraded or closed meanwhile
        }
        count(reason);
        tracked.connection().closeSilently();
        return true;
    }

    private void count(Drop reason) {
        dropsSinceLog.incrementAndGet(reason.ordinal());
        if (reason != Drop.UPGRADE_REFUSED) {
            metrics.connectionDropped(reason.label());
        }
    }

    private void logDrops() {
        StringBuilder line = new StringBuilder("event=connections_dropped");
        long total = 0;
        for (Drop reason : Drop.values()) {
            long n = dropsSinceLog.getAndSet(reason.ordinal(), 0);
            total += n;
            line.append(' ').append(reason.label()).append('=').append(n);
        }
        if (total > 0) {
            line.append(" open=").append(connections.open()).append(" upgraded=").append(connections.upgraded())
                    .append(" max=").append(limits.maxConnections());
            LOG.info(line::toString);
        }
    }

    private static long deadline(long afterNanos) {
        return System.nanoTime() + afterNanos;
    }
}

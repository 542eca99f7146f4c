package dev.parley.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.HttpStatus;

import dev.parley.app.HttpReply;
import dev.parley.metrics.Metrics;
import dev.parley.origin.OriginCheck;

/**
 * Issue 12: "from the first moment of shutdown, new handshakes and HTTP requests other than {@code /health} get 503
 * with {@code Retry-After}". Once {@link #close() closed}, every request that begins (a WebSocket handshake, a
 * publish, the page, {@code /metrics}) is answered 503 here, before Tyrus or a handler sees it, and its connection
 * closes; {@code /health} goes on to its route, which says {@code STOPPING}. A request that began before
 * (a publish whose body is still arriving) and upgraded connections are left alone. Refusals are counted for the
 * {@code event=shutdown-end} line rather than logged one by one: a reconnecting crowd would flood the log.
 */
@SuppressWarnings({"rawtypes", "unchecked"}) // Grizzly's Connection and write API are raw/generic
final class ShutdownGate extends BaseFilter implements AddOn {
    /** Marks a request that began while the gate was open, so the rest of its body still gets through. */
    private static final String BEGAN = ShutdownGate.class.getName() + ".began";
    private static final byte[] STOPPING = "the server is shutting down; try again later\n"
            .getBytes(StandardCharsets.UTF_8);
    static final String HEALTH = "/health";

    private final Metrics metrics;
    private final String retryAfter;
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean closed;

    /** A gate whose 503s ask clients to come back after the grace (at least 1 s): a restart takes about that. */
    ShutdownGate(Metrics metrics, Duration grace) {
        this.metrics = metrics;
        this.retryAfter = HttpReply.retryAfter(grace);
    }

    /** Goes just behind {@link ConnectionGuard} (so the guard sees the 503 go out), else behind the HTTP codec. */
    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int guard = builder.indexOfType(ConnectionGuard.class);
        int codec = builder.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class);
        if (guard < 0 && codec < 0) {
            throw new IllegalStateException("ShutdownGate needs Grizzly's HTTP codec in the chain");
        }
        builder.add(Math.max(guard, codec) + 1, this);
    }

    /** Shutdown has begun: from now on requests other than {@code /health} get 503. Idempotent. */
    void close() {
        closed = true;
    }

    boolean closed() {
        return closed;
    }

    /** Requests refused since {@link #close()}. */
    long refused() {
        return refused.get();
    }

    /** What {@code Retry-After} says, in seconds. */
    String retryAfterSeconds() {
        return retryAfter;
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) {
        if (!(ctx.getMessage() instanceof HttpContent content)
                || !(content.getHttpHeader() instanceof HttpRequestPacket request)
                || request.getResponse().isCommitted() // upgraded (101), or the rest of an answered request
                || request.getAttribute(BEGAN) != null) {
            return ctx.getInvokeAction();
        }
        if (!closed || HEALTH.equals(request.getRequestURI())) {
            request.setAttribute(BEGAN, Boolean.TRUE);
            return ctx.getInvokeAction();
        }
        refuse(ctx, request);
        content.getContent().position(content.getContent().limit());
        return ctx.getStopAction();
    }

    /** RFC 9110 §15.6.4: 503 is "temporarily unable to handle the request", with Retry-After (§10.2.3). */
    private void refuse(FilterChainContext ctx, HttpRequestPacket request) {
        refused.incrementAndGet();
        if ("websocket".equalsIgnoreCase(request.getUpgrade())) {
            metrics.refused(503);
        }
        HttpResponsePacket response = request.getResponse();
        HttpStatus.SERVICE_UNAVAILABLE_503.setValues(response);
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("Retry-After", retryAfter);
        response.setHeader(OriginCheck.ERROR_HEADER, "server shutting down");
        HttpAnswer.sendAndClose(ctx, response, STOPPING);
    }
}

package dev.parley.app;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

import dev.parley.chat.PublishApi;
import dev.parley.metrics.Metrics;

/**
 * The application's routes and the one body rule every container applies to them, so that the embedded server's
 * adapter and the WAR's differ only in how they read bytes. In order: a request no route serves gets 404; a route's
 * {@link Route#head} answers from the head alone; a body announced over {@link #maxBodyBytes()} gets 413 before a
 * byte of it is read; a body gets {@link #bodyTimeout()} to arrive in (408, logged), and one shorter than its
 * Content-Length gets 400. A refusal given from the head closes the connection (its body, if any, is not waited
 * for). An answer that needs the body may come later ({@link #reply}); one that fails is 500, one the container
 * cannot wait for any longer 503 ({@link #unavailable}). Every 4xx is counted in
 * {@code parley_http_refused_total{status}}.
 */
public final class HttpRoutes {
    private static final Logger LOG = Logger.getLogger(HttpRoutes.class.getName());
    private static final String NOT_FOUND =
            "{\"type\":\"error\",\"code\":\"not_found\",\"message\":\"no such resource\"}";
    private static final String INTERNAL =
            "{\"type\":\"error\",\"code\":\"internal\",\"message\":\"the request failed; see the server log\"}";
    private static final String UNAVAILABLE = "{\"type\":\"error\",\"code\":\"unavailable\","
            + "\"message\":\"no answer in time; the request may or may not have taken effect\"}";

    private final List<Route> routes;
    private final Metrics metrics;
    private final Duration bodyTimeout;

    public HttpRoutes(List<Route> routes, Metrics metrics, Duration bodyTimeout) {
        this.routes = List.copyOf(routes);
        this.metrics = metrics;
        this.bodyTimeout = bodyTimeout;
    }

    public List<Route> routes() {
        return routes;
    }

    /** How long a body may take to arrive, from when the head has been answered with "go on". */
    public Duration bodyTimeout() {
        return bodyTimeout;
    }

    /** The largest body read by default; one over it is refused with 413 (or, announced, before it is read). */
    public int maxBodyBytes() {
        return PublishApi.MAX_BODY_BYTES;
    }

    /** The largest body the route serving {@code path} reads ({@link Route#maxBodyBytes()}). */
    public int maxBodyBytes(String path) {
        Route route = route(path);
        return route == null ? maxBodyBytes() : route.maxBodyBytes();
    }

    /**
     * How long a request to {@code path} may take to be answered, from its head: the route's
     * {@link Route#answerTimeout()}, or {@link #bodyTimeout()} when it says none or less.
     */
    public Duration answerTimeout(String path) {
        Route route = route(path);
        Duration own = route == null ? null : route.answerTimeout();
        return own == null || own.compareTo(bodyTimeout) < 0 ? bodyTimeout : own;
    }

    /**
     * The answer from the request head; null when the body is needed: the adapter reads at most {@link #maxBodyBytes()}
     * within {@link #bodyTimeout()} and then calls {@link #answer}, {@link #timedOut} or {@link #cutShort}.
     */
    public HttpReply head(HttpRequest request) {
        Route route = route(request.path());
        HttpReply reply = route == null ? HttpReply.json(404, NOT_FOUND) : route.head(request);
        if (reply == null && request.contentLength() > route.maxBodyBytes()) {
            reply = json(PublishApi.tooLarge());
        }
        if (reply != null && reply.status() >= 400 && reply.status() < 500) {
            reply = reply.closing();
        }
        return counted(reply);
    }

    /**
     * The answer to a request {@link #head} passed, once the route has it; {@code body} is null when it was longer
     * than the cap. The stage never completes exceptionally: a route that fails is answered 500 (logged).
     */
    public CompletionStage<HttpReply> reply(HttpRequest request, byte[] body) {
        Route route = route(request.path());
        if (route == null) {
            throw new IllegalStateException("no route serves " + request.path() + ": head() answered it");
        }
        CompletionStage<HttpReply> answer;
        try {
            answer = route.answer(request, body);
        } catch (RuntimeException failed) {
            answer = CompletableFuture.failedFuture(failed);
        }
        return answer.handle((reply, failure) -> counted(failure == null ? reply : failed(request, failure)));
    }

    /** {@link #reply}, waiting for it: for callers that may wait (tests; the in-memory chat answers at once). */
    public HttpReply answer(HttpRequest request, byte[] body) {
        return reply(request, body).toCompletableFuture().join();
    }

    /**
     * 503 with {@code Retry-After}: the container cannot wait any longer for a route still working on the request
     * (its time for the request is up); the route's answer, when it comes, is dropped.
     */
    public HttpReply unavailable(HttpRequest request) {
        LOG.info(() -> "event=http_answer_late peer=" + request.peer() + " path=" + request.path());
        return HttpReply.json(503, UNAVAILABLE).withHeader("Retry-After", "1");
    }

    private static HttpReply failed(HttpRequest request, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        LOG.warning(() -> "event=http_route_failed path=" + request.path() + " cause=" + cause);
        return HttpReply.json(500, INTERNAL);
    }

    /** 408: the body did not arrive in time ({@code expected} -1: chunked). Logged, one line. */
    public HttpReply timedOut(HttpRequest request, long received, long expected) {
        LOG.info(() -> "event=http_body_timeout peer=" + request.peer() + " path=" + request.path()
                + " received=" + received + " expected=" + expected + " timeout_ms=" + bodyTimeout.toMillis());
        return counted(json(PublishApi.bodyTimedOut(bodyTimeout, received, expected)).closing());
    }

    /** 400: the body ended before its Content-Length. */
    public HttpReply cutShort(HttpRequest request, long received, long expected) {
        return counted(json(PublishApi.bodyCutShort(received, expected)).closing());
    }

    private Route route(String path) {
        for (Route route : routes) {
            if (route.serves(path)) {
                return route;
            }
        }
        return null;
    }

    private HttpReply counted(HttpReply reply) {
        if (reply != null && reply.status() >= 400 && reply.status() < 500) {
            metrics.httpRefused(reply.status());
        }
        return reply;
    }

    static HttpReply json(PublishApi.Reply reply) {
        HttpReply json = HttpReply.json(reply.status(), reply.json());
        return reply.retryAfterSeconds() > 0
                ? json.withHeader("Retry-After", Integer.toString(reply.retryAfterSeconds())) : json;
    }
}

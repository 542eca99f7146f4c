package dev.parley.server;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.IOEvent;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import dev.parley.app.HttpExchange;
import dev.parley.app.HttpReply;
import dev.parley.app.HttpRequest;
import dev.parley.app.HttpRoutes;

/**
 * The embedded server's one adapter for every application route ({@link HttpRoutes}): Grizzly's request in, the
 * route's {@link HttpReply} out, and nothing in between blocks the selector thread the request arrived on (issue 11,
 * finding 2). What to answer and when is the request's {@link HttpExchange}; this only moves bytes. A route that
 * needs the body gets it through {@link BodyRead}: the response is suspended and the body read as it arrives, with
 * {@link HttpRoutes#bodyTimeout()} to arrive in. It stays suspended (without a timeout of Grizzly's) until the
 * route's answer completes, on whatever thread completes it (the chat's room store: bounded by the store's own
 * timeout; an Engine.IO GET: held until it has packets, at most its {@code Route#answerTimeout()}, which
 * {@link ConnectionGuard} enforces); the exchange then writes it and resumes the response.
 */
final class RouteHandler extends HttpHandler {
    private final HttpRoutes routes;
    /** Where the body deadlines run. */
    private final ScheduledExecutorService timer;

    RouteHandler(HttpRoutes routes, ScheduledExecutorService timer) {
        this.routes = routes;
        this.timer = timer;
    }

    @Override
    public void service(Request request, Response response) throws IOException {
        HttpRequest head = HttpRequest.of(request.getMethod().getMethodString(), request.getRequestURI(),
                request.getHeaderNames(), request::getHeader, request.getRemoteAddr(), request.getContentLengthLong())
                .withQuery(request.getQueryString());
        HttpExchange exchange = new HttpExchange(routes, head, new HttpExchange.Response(response::setStatus,
                response::setContentType, response::setHeader, length -> sized(response, length), response::getOutputStream,
                () -> resume(request, response)));
        if (!exchange.answeredFromHead()) {
            response.suspend();
            new BodyRead(request, routes.maxBodyBytes(head.path()), exchange).start(timer, routes.bodyTimeout());
        }
    }

    /**
     * Sets the Content-Length, and a buffer that holds the whole body: a body over Grizzly's 8 KiB buffer was flushed
     * in parts, and to a request offering an upgrade (the JDK HttpClient and curl offer h2c) the first part went out
     * without the Content-Type (seen with the admin page's script, 8262 bytes).
     */
    private static void sized(Response response, int length) {
        if (length > response.getBufferSize()) {
            response.setBufferSize(length);
        }
        response.setContentLength(length);
    }

    /**
     * Ends a request that was suspended for its body or its answer, and reads the connection's next request: with
     * Grizzly's same-thread I/O strategy ({@code Tuning.io}), a body that arrived after its head (the JDK
     * HttpClient writes them apart) left the connection's read interest off once the response resumed, so the next
     * request on a kept-alive connection was never read (a publish, then {@code GET /health}; an Engine.IO POST,
     * then the GET). With the worker-thread strategy this was never seen; enabling it again there is harmless.
     */
    private static void resume(Request request, Response response) {
        Connection<?> connection = request.getContext().getConnection();
        boolean suspended = response.isSuspended();
        response.resume();
        if (suspended) {
            try {
                connection.enableIOEvent(IOEvent.READ);
            } catch (IOException closed) { // the client has gone: nothing more to read
                connection.closeSilently();
            }
        }
    }
}

package dev.parley.war;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collections;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.parley.app.HttpExchange;
import dev.parley.app.HttpReply;
import dev.parley.app.HttpRequest;
import dev.parley.app.HttpRoutes;

/**
 * The WAR's one servlet for every application route ({@link HttpRoutes}): the servlet request in, the route's
 * {@link HttpReply} out; what to answer and when is the request's {@link HttpExchange}, this only moves bytes. A
 * route that needs the body gets it read without blocking (Servlet 3.1's {@link ReadListener}), with
 * {@link HttpRoutes#bodyTimeout()} to arrive in (the asynchronous request's timeout): a client that announces a body
 * and never sends it holds none of the app server's request threads, as on the embedded server. The route's answer
 * may complete later, on another thread (the chat's room store); the asynchronous request stays open until then, and
 * if its timeout comes first the exchange answers 503 ({@link HttpExchange#timedOut}).
 */
final class RouteServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient HttpRoutes routes;

    RouteServlet(HttpRoutes routes) {
        this.routes = routes;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        HttpRequest head = HttpRequest.of(request.getMethod(), path, Collections.list(request.getHeaderNames()),
                request::getHeader, request.getRemoteAddr(), request.getContentLengthLong())
                .withQuery(request.getQueryString());
        HttpExchange exchange = new HttpExchange(routes, head, new HttpExchange.Response(response::setStatus,
                response::setContentType, response::setHeader, response::setContentLength, response::getOutputStream,
                () -> request.getAsyncContext().complete()));
        if (exchange.answeredFromHead()) {
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(routes.answerTimeout(path).toMillis());
        BodyRead read = new BodyRead(exchange, request.getInputStream(), request.getContentLengthLong(),
                routes.maxBodyBytes(path));
        async.addListener(read);
        read.in.setReadListener(read);
    }

    /** One request's body as it arrives, each way its read can end reported to the {@link HttpExchange}. */
    private final class BodyRead implements ReadListener, AsyncListener {
        private final HttpExchange exchange;
        private final ServletInputStream in;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final byte[] chunk = new byte[8192];
        private volatile long received;
        /** The announced length (at most the cap; -1: none announced). */
        private final long expected;
        /** The route's cap ({@code Route#maxBodyBytes()}). */
        private final int max;

        BodyRead(HttpExchange exchange, ServletInputStream in, long expected, int max) {
            this.exchange = exchange;
            this.in = in;
            this.max = max;
            this.expected = Math.min(expected, max);
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (!exchange.done() && in.isReady()) {
                int n = in.read(chunk);
                if (n < 0) {
                    return; // onAllDataRead follows
                }
                received += n;
                if (received > max) { // chunked, or longer than announced
                    exchange.body(null);
                    return;
                }
                body.write(chunk, 0, n);
            }
        }

        /**
         * The container may report the end with bytes of the announced length still unread in the stream (seen once
         * on GlassFish: a publish answered 400 "the body ended after 0 of 37 bytes"): those are read first, if the
         * stream has them ready; a stream that refuses leaves the body as it is (then it was cut short).
         */
        @Override
        public void onAllDataRead() {
            try {
                int n;
                while (received < expected && !exchange.done() && in.isReady() && (n = in.read(chunk)) > 0) {
                    received += n;
                    body.write(chunk, 0, n);
                }
            } catch (IOException | RuntimeException unreadable) {
                // what was read is the body
            }
            exchange.ended(received, body.toByteArray());
        }

        @Override
        public void onError(Throwable error) {
            exchange.gone(error);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            exchange.timedOut(received);
        }

        @Override
        public void onError(AsyncEvent event) {
            onError(event.getThrowable());
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }
}

package dev.parley.war;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.parley.app.HttpReply;
import dev.parley.app.HttpRequest;
import dev.parley.app.HttpRoutes;

/**
 * The WAR's one servlet for every application route ({@link HttpRoutes}): the servlet request in, the route's
 * {@link HttpReply} out. A route that needs the body gets it read without blocking (Servlet 3.1's
 * {@link ReadListener}), with {@link HttpRoutes#bodyTimeout()} to arrive in (the asynchronous request's timeout): a
 * client that announces a body and never sends it holds none of the app server's request threads, as on the embedded
 * server.
 */
final class RouteServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(RouteServlet.class.getName());

    private final transient HttpRoutes routes;

    RouteServlet(HttpRoutes routes) {
        this.routes = routes;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpRequest head = head(request);
        HttpReply reply = routes.head(head);
        if (reply != null) {
            write(response, head, reply);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(routes.bodyTimeout().toMillis());
        BodyRead read = new BodyRead(head, async, request.getInputStream());
        async.addListener(read);
        read.in.setReadListener(read);
    }

    private static HttpRequest head(HttpServletRequest request) {
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.putIfAbsent(name.toLowerCase(Locale.ROOT), request.getHeader(name));
        }
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return new HttpRequest(request.getMethod(), path, headers, request.getRemoteAddr(),
                request.getContentLengthLong());
    }

    /** One request waiting for its body: exactly one of the body, its end, an error or the timeout answers it. */
    private final class BodyRead implements ReadListener, AsyncListener {
        private final HttpRequest head;
        private final AsyncContext async;
        private final ServletInputStream in;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final byte[] chunk = new byte[8192];
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile long received;

        BodyRead(HttpRequest head, AsyncContext async, ServletInputStream in) {
            this.head = head;
            this.async = async;
            this.in = in;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (!done.get() && in.isReady()) {
                int n = in.read(chunk);
                if (n < 0) {
                    return; // onAllDataRead follows
                }
                received += n;
                if (received > routes.maxBodyBytes()) { // chunked, or longer than announced
                    finish(routes.answer(head, null));
                    return;
                }
                body.write(chunk, 0, n);
            }
        }

        @Override
        public void onAllDataRead() {
            long expected = head.contentLength();
            finish(expected >= 0 && received < expected ? routes.cutShort(head, received, expected)
                    : routes.answer(head, body.toByteArray()));
        }

        @Override
        public void onError(Throwable error) {
            LOG.fine(() -> "event=http_gone path=" + head.path() + ": " + error);
            finish(null);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            finish(routes.timedOut(head, received, head.contentLength()));
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

        /** Answers (unless {@code reply} is null: nobody to answer) and completes, once. */
        private void finish(HttpReply reply) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            try {
                if (reply != null) {
                    write((HttpServletResponse) async.getResponse(), head, reply);
                }
                async.complete();
            } catch (IOException | IllegalStateException gone) { // the client, or the request, is gone already
                LOG.fine(() -> "no reply to " + head.peer() + ": " + gone);
            }
        }
    }

    private static void write(HttpServletResponse response, HttpRequest head, HttpReply reply) throws IOException {
        response.setStatus(reply.status());
        response.setContentType(reply.contentType());
        reply.headers().forEach(response::setHeader);
        response.setContentLength(reply.body().length);
        if (!head.method().equals("HEAD")) {
            response.getOutputStream().write(reply.body());
        }
    }
}

package dev.parley.server;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;

import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import dev.parley.app.HttpReply;
import dev.parley.app.HttpRequest;
import dev.parley.app.HttpRoutes;

/**
 * The embedded server's one adapter for every application route ({@link HttpRoutes}): Grizzly's request in, the
 * route's {@link HttpReply} out, and nothing in between blocks the selector thread the request arrived on (issue 11,
 * finding 2). A route that needs the body gets it through {@link BodyRead}: the response is suspended and the body
 * read as it arrives, with {@link HttpRoutes#bodyTimeout()} to arrive in.
 */
final class RouteHandler extends HttpHandler {
    private static final Logger LOG = Logger.getLogger(RouteHandler.class.getName());

    private final HttpRoutes routes;
    private final ScheduledExecutorService timer;

    /** {@code timer}: where the body deadlines run. */
    RouteHandler(HttpRoutes routes, ScheduledExecutorService timer) {
        this.routes = routes;
        this.timer = timer;
    }

    @Override
    public void service(Request request, Response response) throws IOException {
        HttpRequest head = head(request);
        HttpReply reply = routes.head(head);
        if (reply != null) {
            write(response, head, reply);
            return;
        }
        response.suspend();
        new BodyRead(request, routes.maxBodyBytes(), new Exchange(head, response))
                .start(timer, routes.bodyTimeout());
    }

    private static HttpRequest head(Request request) {
        Map<String, String> headers = new HashMap<>();
        for (String name : request.getHeaderNames()) {
            headers.putIfAbsent(name.toLowerCase(Locale.ROOT), request.getHeader(name));
        }
        return new HttpRequest(request.getMethod().getMethodString(), request.getRequestURI(), headers,
                request.getRemoteAddr(), request.getContentLengthLong());
    }

    /** One suspended request waiting for its body: each outcome answers it and resumes it. */
    private final class Exchange implements BodyRead.Outcome {
        private final HttpRequest head;
        private final Response response;

        Exchange(HttpRequest head, Response response) {
            this.head = head;
            this.response = response;
        }

        @Override
        public void body(byte[] body) {
            finish(routes.answer(head, body));
        }

        @Override
        public void timedOut(long received, long expected) {
            finish(routes.timedOut(head, received, expected));
        }

        @Override
        public void cutShort(long received, long expected) {
            finish(routes.cutShort(head, received, expected));
        }

        @Override
        public void gone() {
            finish(null);
        }

        /**
         * Answers (unless {@code reply} is null: nobody to answer) and resumes. A client that closed meanwhile has had
         * its response released by Grizzly: nothing to do.
         */
        private void finish(HttpReply reply) {
            try {
                if (reply != null) {
                    write(response, head, reply);
                }
                response.resume();
            } catch (IllegalStateException released) {
                LOG.fine(() -> "event=http_gone path=" + head.path() + ": " + released);
            }
        }
    }

    private static void write(Response response, HttpRequest head, HttpReply reply) {
        response.setStatus(reply.status());
        response.setContentType(reply.contentType());
        reply.headers().forEach(response::setHeader);
        response.setContentLength(reply.body().length);
        if (head.method().equals("HEAD")) {
            return;
        }
        try {
            response.getOutputStream().write(reply.body());
        } catch (IOException e) {
            LOG.fine(() -> "no reply to " + head.peer() + ": " + e);
        }
    }
}

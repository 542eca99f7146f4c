package dev.parley.server;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;

import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import dev.parley.chat.PublishApi;
import dev.parley.metrics.Metrics;

/**
 * The publish API on the embedded server: Grizzly's request in, {@link PublishApi}'s reply out, and nothing in
 * between blocks the selector thread the request arrived on (issue 11, finding 2).
 *
 * <p>The checks that need no body come first ({@link PublishApi#refusal}: 404, 405, 401), then a body announced over
 * {@link PublishApi#MAX_BODY_BYTES} gets 413; none of these reads a byte of the body. Only then is the response
 * suspended and the body read as it arrives ({@link BodyRead}), with {@link HttpLimits#bodyTimeout()} to arrive in:
 * after that, 408.
 */
final class PublishHandler extends HttpHandler {
    private static final Logger LOG = Logger.getLogger(PublishHandler.class.getName());

    private final PublishApi api;
    private final Metrics metrics;
    private final Duration bodyTimeout;
    private final ScheduledExecutorService timer;

    PublishHandler(PublishApi api, Metrics metrics, Duration bodyTimeout, ScheduledExecutorService timer) {
        this.api = api;
        this.metrics = metrics;
        this.bodyTimeout = bodyTimeout;
        this.timer = timer;
    }

    @Override
    public void service(Request request, Response response) throws IOException {
        String path = request.getRequestURI();
        PublishApi.Reply refusal = api.refusal(request.getMethod().getMethodString(), path,
                request.getHeader("Authorization"));
        if (refusal == null && request.getContentLengthLong() > PublishApi.MAX_BODY_BYTES) {
            refusal = PublishApi.tooLarge();
        }
        if (refusal != null) {
            // A body may still be on its way: do not wait for it (Grizzly would read and skip it first).
            response.setHeader("Connection", "close");
            reply(response, refusal);
            return;
        }
        response.suspend();
        new BodyRead(request, new Exchange(request, response, path)).start(timer, bodyTimeout);
    }

    /** One suspended request waiting for its body: each outcome answers it and resumes it. */
    private final class Exchange implements BodyRead.Outcome {
        private final Request request;
        private final Response response;
        private final String path;

        Exchange(Request request, Response response, String path) {
            this.request = request;
            this.response = response;
            this.path = path;
        }

        @Override
        public void body(byte[] body) {
            finish(api.publish(path, body), false);
        }

        @Override
        public void timedOut(long received, long expected) {
            LOG.info(() -> "event=http_body_timeout peer=" + request.getRemoteAddr() + " path=" + path
                    + " received=" + received + " expected=" + expected + " timeout_ms=" + bodyTimeout.toMillis());
            finish(PublishApi.bodyTimedOut(bodyTimeout, received, expected), true);
        }

        @Override
        public void cutShort(long received, long expected) {
            finish(PublishApi.bodyCutShort(received, expected), true);
        }

        @Override
        public void gone() {
            finish(null, false);
        }

        /**
         * Answers (unless {@code answer} is null) and resumes; {@code close}: the rest of the body may still be on its
         * way, or never come. A client that closed meanwhile has had its response released by Grizzly: nothing to do.
         */
        private void finish(PublishApi.Reply answer, boolean close) {
            try {
                if (answer != null) {
                    if (close) {
                        response.setHeader("Connection", "close");
                    }
                    reply(response, answer);
                }
                response.resume();
            } catch (IllegalStateException released) {
                LOG.fine(() -> "event=http_gone path=" + path + ": " + released);
            }
        }
    }

    private void reply(Response response, PublishApi.Reply reply) {
        if (reply.status() >= 400) {
            metrics.httpRefused(reply.status());
        }
        try {
            response.setStatus(reply.status());
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(reply.json());
        } catch (IOException e) {
            LOG.fine(() -> "no reply to " + response.getRequest().getRemoteAddr() + ": " + e);
        }
    }
}

package dev.parley.app;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One request through the {@link HttpRoutes}, whatever container carries it: the part of serving it that is the
 * same in the embedded server's adapter and the WAR's, so each adapter only moves bytes. It answers from the head
 * when a route can; otherwise the adapter reads the body and reports how that ended ({@link #body},
 * {@link #cutShort}, {@link #timedOut}, {@link #gone}), and the first report answers, once. A {@code HEAD} gets the
 * reply's head and length without its body, and a client gone before its answer is logged, never thrown.
 */
public final class HttpExchange {
    private static final Logger LOG = Logger.getLogger(HttpExchange.class.getName());

    /**
     * What only the container can do for the request, as its response's own methods (so the order of the calls is
     * said once, in {@link #send}): set the status, the content type, a header, the Content-Length; open the body's
     * stream; and {@code end}, which resumes or completes a request whose body was waited for, answered or not.
     */
    public record Response(IntConsumer status, Consumer<String> contentType, BiConsumer<String, String> header,
                           IntConsumer contentLength, Output output, Runnable end) {
    }

    /** Opens the response body's stream. */
    public interface Output {
        OutputStream open() throws IOException;
    }

    private final HttpRoutes routes;
    private final HttpRequest request;
    private final Response response;
    private final AtomicBoolean done = new AtomicBoolean();

    public HttpExchange(HttpRoutes routes, HttpRequest request, Response response) {
        this.routes = routes;
        this.request = request;
        this.response = response;
    }

    /**
     * Answers from the request head if a route can; false when the body is needed: read at most
     * {@link HttpRoutes#maxBodyBytes()} within {@link HttpRoutes#bodyTimeout()}, then report how the read ended.
     */
    public boolean answeredFromHead() {
        HttpReply reply = routes.head(request);
        if (reply == null) {
            return false;
        }
        done.set(true);
        send(reply);
        return true;
    }

    /** Whether the request has had its answer (or nobody is left to answer): a body read can stop. */
    public boolean done() {
        return done.get();
    }

    /** The whole body arrived; {@code body} is null when it was longer than the cap. */
    public void body(byte[] body) {
        finish(() -> routes.answer(request, body));
    }

    /** The body's stream ended after {@code received} bytes of {@code body}: short of its Content-Length, or whole. */
    public void ended(long received, byte[] body) {
        long expected = request.contentLength();
        if (expected >= 0 && received < expected) {
            cutShort(received);
        } else {
            body(body);
        }
    }

    /** The body ended after {@code received} bytes, before its Content-Length. */
    public void cutShort(long received) {
        finish(() -> routes.cutShort(request, received, request.contentLength()));
    }

    /** The body did not arrive within {@link HttpRoutes#bodyTimeout()}; {@code received} bytes had. */
    public void timedOut(long received) {
        finish(() -> routes.timedOut(request, received, request.contentLength()));
    }

    /** The connection failed or closed while the body was read: nobody to answer. */
    public void gone(Throwable why) {
        LOG.fine(() -> "event=http_gone path=" + request.path() + ": " + why);
        finish(() -> null);
    }

    /**
     * Works out the reply, answers (unless it is null) and ends the request: the first time only. The route runs only
     * then, so a container that reports the end of a body twice publishes once (on GlassFish, PublishApiIT once saw
     * one POST published twice while the route ran before this check).
     */
    private void finish(Supplier<HttpReply> answer) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        try {
            HttpReply reply = answer.get();
            if (reply != null) {
                send(reply);
            }
            response.end().run();
        } catch (IllegalStateException released) { // the container let go of a request whose client left
            LOG.fine(() -> "event=http_gone path=" + request.path() + ": " + released);
        }
    }

    private void send(HttpReply reply) {
        response.status().accept(reply.status());
        response.contentType().accept(reply.contentType());
        reply.headers().forEach(response.header());
        response.contentLength().accept(reply.body().length);
        if (request.method().equals("HEAD")) {
            return;
        }
        try {
            response.output().open().write(reply.body());
        } catch (IOException e) {
            LOG.fine(() -> "no reply to " + request.peer() + ": " + e);
        }
    }
}

package dev.parley.app;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * {@link #cutShort}, {@link #timedOut}, {@link #gone}), and the first report answers, once. The route's answer to a
 * body may come later, on another thread (the chat's room store answering): the request stays open until then, and
 * a {@link #timedOut} while the route works answers 503 in its place ({@link HttpRoutes#unavailable}). A
 * {@code HEAD} gets the reply's head and length without its body, and a client gone before its answer is logged,
 * never thrown.
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
    /** Set by the first report of how the body read ended: the route has the request. */
    private final AtomicBoolean done = new AtomicBoolean();
    /** Set when the answer goes out (or nobody is left to answer): the request has ended. */
    private final AtomicBoolean answered = new AtomicBoolean();

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
        answered.set(true);
        send(reply);
        return true;
    }

    /** Whether the request has had its answer (or nobody is left to answer): a body read can stop. */
    public boolean done() {
        return done.get();
    }

    /** The whole body arrived; {@code body} is null when it was longer than the cap. */
    public void body(byte[] body) {
        finish(() -> routes.reply(request, body));
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
        finish(() -> CompletableFuture.completedFuture(routes.cutShort(request, received, request.contentLength())));
    }

    /**
     * The container's time for the request is up ({@link HttpRoutes#bodyTimeout()}): if the body had not arrived
     * ({@code received} bytes had), 408; if the route is still working on it, 503 now and its answer is dropped.
     */
    public void timedOut(long received) {
        if (done.get()) {
            end(routes.unavailable(request));
            return;
        }
        finish(() -> CompletableFuture.completedFuture(routes.timedOut(request, received, request.contentLength())));
    }

    /** The connection failed or closed while the body was read: nobody to answer. */
    public void gone(Throwable why) {
        LOG.fine(() -> "event=http_gone path=" + request.path() + ": " + why);
        finish(() -> CompletableFuture.completedFuture(null));
    }

    /**
     * Works out the reply, and once it is there answers (unless it is null) and ends the request: the first time
     * only. The route runs only then, so a container that reports the end of a body twice publishes once (on
     * GlassFish, PublishApiIT once saw one POST published twice while the route ran before this check).
     */
    private void finish(Supplier<CompletionStage<HttpReply>> answer) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        answer.get().thenAccept(this::end);
    }

    /** Answers with {@code reply} (none if null) and ends the request, unless it has ended already. */
    private void end(HttpReply reply) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        try {
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

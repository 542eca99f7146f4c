package dev.parley.server;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.glassfish.grizzly.ReadHandler;
import org.glassfish.grizzly.http.io.NIOInputStream;
import org.glassfish.grizzly.http.server.Request;

import dev.parley.app.HttpExchange;

/**
 * Reads one request body of at most a cap ({@link dev.parley.app.HttpRoutes#maxBodyBytes()}) without blocking: Grizzly
 * calls back as bytes arrive (on the selector thread, which this never holds), and a timer ends the wait. How the read
 * ended goes to the request's {@link HttpExchange}, once.
 *
 * <p>With a Content-Length, exactly that many bytes are read: reading to the end of the stream would not do, as a
 * request that offers an upgrade (Java's HttpClient offers h2c) makes Grizzly treat the body as an open stream.
 */
final class BodyRead implements ReadHandler {
    private final NIOInputStream in;
    private final int max;
    private final long expected;
    private final int wanted;
    private final HttpExchange outcome;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile ScheduledFuture<?> deadline;

    /** A read of at most {@code max} bytes; a body announced over it is refused before, without a read. */
    BodyRead(Request request, int max, HttpExchange outcome) { // max: the route's (Route#maxBodyBytes)
        this.in = request.getNIOInputStream();
        this.max = max;
        this.expected = request.getContentLengthLong();
        if (expected > max) {
            throw new IllegalArgumentException("refuse a body over the limit before reading it: " + expected);
        }
        this.wanted = expected >= 0 ? (int) expected : max + 1;
        this.outcome = outcome;
    }

    /** Starts waiting for the body; {@code timeout} after this, {@link HttpExchange#timedOut} if it has not come. */
    void start(ScheduledExecutorService timer, Duration timeout) throws IOException {
        if (expected == 0) {
            onAllDataRead();
            return;
        }
        try {
            deadline = timer.schedule(this::timedOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            onError(stopping);
            return;
        }
        in.notifyAvailable(this, wanted);
    }

    @Override
    public void onDataAvailable() throws IOException {
        if (done.get()) {
            return;
        }
        if (in.readyData() < wanted) {
            in.notifyAvailable(this, wanted);
        } else if (claim()) {
            outcome.body(expected >= 0 ? read(wanted) : null); // a chunked body reaching max + 1 bytes is too long
        }
    }

    @Override
    public void onAllDataRead() throws IOException {
        if (done.get()) {
            return;
        }
        int ready = in.readyData();
        if (!claim()) {
            return;
        }
        if (expected >= 0 && ready < expected) {
            outcome.cutShort(ready);
        } else {
            outcome.body(ready > max ? null : read(ready));
        }
    }

    @Override
    public void onError(Throwable error) {
        if (claim()) {
            outcome.gone(error);
        }
    }

    private void timedOut() {
        long received = in.readyData(); // a racy read of a count, for the message only
        if (claim()) {
            outcome.timedOut(received);
        }
    }

    private boolean claim() {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> timer = deadline;
        if (timer != null) {
            timer.cancel(false);
        }
        return true;
    }

    /** {@code n} bytes that are already buffered: no read here waits for the network. */
    private byte[] read(int n) throws IOException {
        byte[] body = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(body, off, n - off);
            if (r <= 0) {
                break;
            }
            off += r;
        }
        return body;
    }
}

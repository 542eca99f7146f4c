package dev.parley.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.websocket.CloseReason;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;

/**
 * Dead-peer detection for every endpoint of one server ({@code --ping-interval}, {@code --ping-timeout}): each open
 * session is pinged once per interval, and one that leaves a ping unanswered longer than the timeout is closed with
 * {@value #PING_TIMEOUT} "ping timeout". Tyrus's idle timeout is off ({@link Sessions#opened}), so without this a peer
 * that vanished without a FIN would hold its session forever.
 *
 * <p>One thread and one scheduled sweep per server, a few times per interval: no timer per session, none per message
 * (a session is closed between its deadline and a sweep tick later). {@link Sessions} tells it which sessions open
 * and close, and each session's pong handler answers its {@link Heartbeat}.
 *
 * <p>A ping is an empty control frame written by Tyrus beside the session's {@link OutboundQueue} (Tyrus has no way
 * to queue one behind data), asynchronously, so the sweep never waits for a peer. Its cost stays bounded: at most
 * one ping is outstanding per session, and on the embedded server every write to the connection, pings included,
 * is counted against the connection's unwritten-bytes bound and the outbound budget at the wire.
 */
public final class Liveness implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Liveness.class.getName());
    /** Close code for a session whose ping went unanswered (private-use range; like HTTP 408). */
    public static final int PING_TIMEOUT = 4408;
    private static final CloseReason TIMED_OUT = new CloseReason(CloseReason.CloseCodes.getCloseCode(PING_TIMEOUT),
            "ping timeout");

    private final Duration interval;
    private final Duration timeout;
    private final LongSupplier nanoTime;
    private final Map<Session, Heartbeat> watched = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor sweeper;

    /** Starts the sweep: every session {@link #opened} from now on is pinged each {@code interval}. */
    Liveness(Duration interval, Duration timeout, LongSupplier nanoTime) {
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("ping interval and timeout must be positive");
        }
        this.interval = interval;
        this.timeout = timeout;
        this.nanoTime = nanoTime;
        this.sweeper = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "parley-liveness");
            thread.setDaemon(true);
            return thread;
        });
        long tick = tickMillis(interval, timeout);
        sweeper.scheduleWithFixedDelay(this::sweep, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** How often the sweep runs: a quarter of the shorter of the two, at least every 10 ms. */
    static long tickMillis(Duration interval, Duration timeout) {
        return Math.max(10, Math.min(interval.toMillis(), timeout.toMillis()) / 4);
    }

    /** Watches a session that has just opened; its pongs answer its pings. */
    void opened(Session session) {
        Heartbeat heartbeat = new Heartbeat(interval, timeout, nanoTime.getAsLong());
        watched.put(session, heartbeat);
        session.addMessageHandler(PongMessage.class, pong -> heartbeat.ponged());
    }

    /** Forgets a session that has closed. */
    void closed(Session session) {
        watched.remove(session);
    }

    /** Pings the sessions that are due and closes those whose ping went unanswered too long. */
    private void sweep() {
        long now = nanoTime.getAsLong();
        for (Map.Entry<Session, Heartbeat> entry : watched.entrySet()) {
            Session session = entry.getKey();
            try {
                if (!session.isOpen()) { // its close is on its way (Sessions.closed forgets it); nothing to ping
                    continue;
                }
                switch (entry.getValue().step(now)) {
                    case PING -> ping(session);
                    case DEAD -> timedOut(session, entry.getValue().waited(now));
                    case WAIT -> { }
                }
            } catch (RuntimeException e) { // one session's trouble must not end the sweep for every other one
                LOG.log(Level.FINE, "liveness of " + session.getId() + " failed: " + e);
            }
        }
    }

    private static void ping(Session session) {
        try {
            session.getAsyncRemote().sendPing(ByteBuffer.allocate(0)); // handed to Tyrus, never blocks
        } catch (IOException | IllegalStateException | IllegalArgumentException closing) {
            LOG.log(Level.FINE, "ping to " + session.getId() + " failed: " + closing);
        }
    }

    private static void timedOut(Session session, long waitedNanos) {
        Object user = session.getUserProperties().get(Sessions.USER);
        LOG.info(() -> "event=ping-timeout session=" + session.getId() + " path=" + session.getRequestURI().getPath()
                + (user == null ? "" : " user=" + user) + " code=" + PING_TIMEOUT
                + " waited_ms=" + TimeUnit.NANOSECONDS.toMillis(waitedNanos));
        Sessions.closeQuietly(session, TIMED_OUT);
    }

    /** Stops the sweep. */
    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}

package dev.parley.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import dev.parley.metrics.Metrics;

/**
 * The open sessions of one server (an embedded Parley server, or the WAR in an app server) and the {@link Limits}
 * they share. Endpoints stay thin: they report open/close here, ask here whether an incoming message is within the
 * cap, and send through the session's {@link OutboundQueue}.
 *
 * <p>Made by the server's bootstrap and handed to its endpoints by their configurators, never looked up: two servers
 * in one JVM (as in the tests) share nothing.
 */
public final class Sessions {
    private static final Logger LOG = Logger.getLogger(Sessions.class.getName());

    private final Limits limits;
    private final FrameSink.Factory sinks;
    private final Metrics metrics = new Metrics();
    private final Map<Session, OutboundQueue> open = new ConcurrentHashMap<>();
    /** What all outbound queues and polling buffers together may hold ({@link Limits#outboundBudgetBytes()}). */
    private final MemoryBudget outboundBudget;
    /** What the server holds of unfinished client messages, all together ({@link Limits#inboundBudgetBytes()}). */
    private final MemoryBudget inboundBudget;
    /** Open sessions per remote address ({@link Limits#maxSessionsPerAddress()}); an address with none is removed. */
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
    /** Pings every open session ({@link #startLiveness}); null until started. */
    private volatile Liveness liveness;

    /**
     * The session user property holding the client's address, set during the handshake by the endpoints'
     * configurator (the JSR 356 API has no remote address; {@code origin.ContainerHandshake} asks the container).
     */
    public static final String REMOTE_ADDRESS = "parley.remote-address";
    /**
     * The session user property holding the {@link CloseReason} a session is closed with as soon as it opens: set by
     * a handshake that was refused where the container had no way to answer with an HTTP status.
     */
    public static final String CLOSE_ON_OPEN = "parley.close-on-open";
    /**
     * The session user property holding the path of the handshake's request, set by the endpoints' configurator for
     * the log lines: Tyrus 2.2.2's {@code Session.getRequestURI()} builds and parses a new absolute URI on each call.
     */
    public static final String PATH = "parley.path";
    /** The session user property naming who the peer is, when its endpoint knows (the chat's user name): logged. */
    public static final String USER = "parley.user";
    /** Set on a session that was counted against its address (so it is uncounted exactly once). */
    private static final String COUNTED = "parley.counted-against-address";

    /**
     * A server's sessions under {@code limits}.
     *
     * @param sinks where each session's outbound queue writes ({@link FrameSink#async} in any container)
     */
    public Sessions(Limits limits, FrameSink.Factory sinks) {
        this.limits = limits;
        this.sinks = sinks;
        this.outboundBudget = new MemoryBudget("outbound", limits.outboundBudgetBytes());
        metrics.memoryBudget(outboundBudget::used, outboundBudget.name(), outboundBudget.capacity());
        this.inboundBudget = new MemoryBudget("inbound", limits.inboundBudgetBytes());
        metrics.memoryBudget(inboundBudget::used, inboundBudget.name(), inboundBudget.capacity());
        metrics.gauge("parley_sessions_open", "WebSocket sessions open now", open::size);
        metrics.gauge("parley_outbound_queued_messages", "Messages waiting in outbound queues, all sessions",
                () -> open.values().stream().mapToInt(OutboundQueue::depth).sum());
    }

    /**
     * Pings every session opened from now on, whatever its endpoint, each {@code interval}, and closes one that leaves
     * a ping unanswered longer than {@code timeout} with 4408 ({@link Liveness}). Call once, before the container
     * serves; {@link #stop} stops it.
     */
    public synchronized void startLiveness(Duration interval, Duration timeout) {
        if (liveness != null) {
            throw new IllegalStateException("liveness already started");
        }
        liveness = new Liveness(interval, timeout, System::nanoTime);
    }

    /** The server has stopped: stops the {@link Liveness} sweep. */
    public synchronized void stop() {
        if (liveness != null) {
            liveness.close();
        }
    }

    /** The caps its sessions live under. */
    public Limits limits() {
        return limits;
    }

    /** What this server counts. */
    public Metrics metrics() {
        return metrics;
    }

    /**
     * The budget all outbound queues share; the embedded server's wire guard charges unwritten writes to it too, and
     * the Engine.IO servers their polling buffers.
     */
    public MemoryBudget outboundBudget() {
        return outboundBudget;
    }

    /**
     * The budget for what the server holds of clients' unfinished messages: the embedded server's wire guard charges
     * what Tyrus buffers to it, the Engine.IO servers (in any container) what Socket.IO keeps of a binary packet
     * until its attachments have all come.
     */
    public MemoryBudget inboundBudget() {
        return inboundBudget;
    }

    /**
     * Call from {@code @OnOpen}: applies the caps (Tyrus's defaults are unbounded), creates the outbound queue and
     * has the session pinged ({@link #startLiveness}; the endpoint must not add a pong handler of its own). False if
     * the session is being closed already (its handshake was refused, {@link #CLOSE_ON_OPEN}, or its address is over
     * the cap): the endpoint has nothing more to do with it.
     */
    public boolean opened(Session session) {
        session.setMaxTextMessageBufferSize(limits.maxMessageBytes());
        session.setMaxBinaryMessageBufferSize(limits.maxMessageBytes());
        // No idle timeout: Tyrus would reschedule a timer task on every message sent or received (even with the
        // default of 0, which schedules a no-op); dead peers are found by the pings of Liveness instead. The embedded
        // container's default is -1 already (setting it again would cancel a task that was never scheduled).
        if (session.getMaxIdleTimeout() >= 0) {
            session.setMaxIdleTimeout(-1);
        }
        outbound(session);
        if (liveness != null) {
            liveness.opened(session);
        }
        metrics.opened();
        LOG.info(() -> "event=open session=" + session.getId() + " path=" + path(session));
        if (session.getUserProperties().get(CLOSE_ON_OPEN) instanceof CloseReason refused) {
            closeQuietly(session, refused);
            return false;
        }
        return admitAddress(session);
    }

    /**
     * Counts the session against its remote address; one over {@link Limits#maxSessionsPerAddress()} is closed with
     * 1013 (try again later), logged and, like every close, counted in {@code parley_sessions_closed_total}. Parley
     * keeps this count rather than Tyrus, whose own cap closed sessions before any endpoint saw them: no log, no count.
     */
    private boolean admitAddress(Session session) {
        if (!(session.getUserProperties().get(REMOTE_ADDRESS) instanceof String address)) {
            return true;
        }
        int max = limits.maxSessionsPerAddress();
        boolean[] admitted = {false};
        perAddress.compute(address, (a, count) -> {
            int now = count == null ? 0 : count;
            admitted[0] = now < max;
            return admitted[0] ? now + 1 : count;
        });
        if (admitted[0]) {
            session.getUserProperties().put(COUNTED, Boolean.TRUE);
            return true;
        }
        LOG.info(() -> "event=refuse session=" + session.getId() + " path=" + path(session)
                + " code=1013 peer=" + address + " reason=" + quoted(max + " sessions from this address already"));
        closeQuietly(session, new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER,
                "too many sessions from this address (" + max + ")"));
        return false;
    }

    /** Call from {@code @OnClose}. */
    public void closed(Session session, CloseReason reason) {
        OutboundQueue queue = open.remove(session);
        if (queue != null) {
            queue.closed();
        }
        if (liveness != null) {
            liveness.closed(session);
        }
        if (session.getUserProperties().remove(COUNTED) != null
                && session.getUserProperties().get(REMOTE_ADDRESS) instanceof String address) {
            perAddress.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
        }
        metrics.closed(reason.getCloseCode().getCode());
        LOG.info(() -> "event=close session=" + session.getId() + " code=" + reason.getCloseCode().getCode()
                + " reason=" + quoted(reason.getReasonPhrase()));
    }

    /** The request path of a session, for its log lines. */
    private static String path(Session session) {
        return session.getUserProperties().get(PATH) instanceof String path ? path : session.getRequestURI().getPath();
    }

    /** A log value in double quotes, quotes and line breaks escaped, so every record stays one parseable line. */
    public static String quoted(String value) {
        return '"' + (value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("\n", "\\n").replace("\r", "\\r")) + '"';
    }

    /** Call from {@code @OnError}: a client's misbehaviour is logged briefly, never with a stack trace. */
    public void failed(Session session, Throwable error) {
        LOG.fine(() -> "event=error session=" + session.getId() + " error=" + quoted(String.valueOf(error)));
    }

    /**
     * The session's outbound queue, or null once it has closed.
     *
     * <p>Created on first use rather than only in {@code @OnOpen}: Tyrus lists a new session among the open ones
     * (and has already sent the 101) before its {@code @OnOpen} has run, and a message broadcast in between
     * must still reach it.
     */
    public OutboundQueue outbound(Session session) {
        OutboundQueue queue = open.get(session);
        if (queue != null || !session.isOpen()) {
            return queue;
        }
        queue = open.computeIfAbsent(session, s -> new OutboundQueue(s, limits, metrics, sinks.of(s), outboundBudget));
        if (!session.isOpen()) {
            // Closed meanwhile: its @OnClose may already have run, so nobody else would remove this entry.
            open.remove(session);
            return null;
        }
        return queue;
    }

    /** The sessions open now. */
    public Set<Session> all() {
        return Set.copyOf(open.keySet());
    }

    /**
     * True if a received text message is within the message cap; otherwise closes the session with 1009.
     * (Tyrus checks its buffer limit only on fragmented messages; a single frame needs this check.)
     */
    public boolean admit(Session session, String text) {
        return admit(session, OutboundQueue.utf8Length(text));
    }

    /** As {@link #admit(Session, String)} for a binary message. */
    public boolean admit(Session session, ByteBuffer data) {
        return admit(session, data.remaining());
    }

    private boolean admit(Session session, long bytes) {
        metrics.received(bytes);
        if (bytes <= limits.maxMessageBytes()) {
            return true;
        }
        closeQuietly(session, new CloseReason(CloseReason.CloseCodes.TOO_BIG,
                "message of " + bytes + " bytes exceeds the " + limits.maxMessageBytes() + "-byte limit"));
        return false;
    }

    /** Closes every open session with {@code reason}. */
    public void closeAll(CloseReason reason) {
        for (Session session : all()) {
            closeQuietly(session, reason);
        }
    }

    /** Closes the session; one that is closed or closing already is no error (logged at FINE). */
    public static void closeQuietly(Session session, CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException | IllegalStateException alreadyClosed) {
            LOG.log(Level.FINE, "close of " + session.getId() + " failed: " + alreadyClosed);
        }
    }
}

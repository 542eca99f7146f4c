package dev.parley.engineio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.parley.session.MemoryBudget;

/**
 * What an {@link EngineSession} is whatever its transport, no I/O: its state, the packets waiting for a polling
 * client, the heartbeat on its {@link Scheduler}, the handler's calls in order, and the close. Its transport entry
 * points (polling requests, WebSocket frames) are {@link EngineSession}'s. One lock, the session's monitor, guards
 * it all; what a step decides to do outside the lock (answers, handler calls, closes) runs after it.
 *
 * <p>What it keeps is charged to the server's budgets: its polling buffer to the outbound one (given back as the
 * client fetches it, and when the session is forgotten), what the handler keeps of its messages to the inbound one
 * ({@link #inbound()}, given back when it closes). A session that finds a budget spent closes with
 * {@link #SERVER_BUSY}; others are not affected.
 */
abstract class SessionCore implements EngineSocket {
    /** Where the session's transport is. */
    public enum State {
        /** HTTP long-polling. */
        POLLING,
        /** Polling, with a WebSocket attached that has not sent {@code 5} (upgrade) yet. */
        UPGRADING,
        /** WebSocket. */
        WEBSOCKET,
        /** Closed by the server while no GET was held: the next GET gets what is left and {@code 1}. */
        CLOSING,
        CLOSED
    }

    final String id;
    final EngineRequest request;
    final EngineConfig config;
    final Scheduler scheduler;
    final Runnable gone;
    final EngineEvents events;
    /** Run once when the session closes (its client address counts it no more), before {@link #gone}. */
    Runnable released = () -> { };
    final OutboundBuffer buffer;
    private final MemoryBudget.Share inbound;
    private final Delivery delivery = new Delivery();
    State state;
    WebSocketLink socket;
    WebSocketLink upgrading;
    CompletableFuture<Answer> heldGet;
    boolean posting;
    Scheduler.Cancellable timer;
    volatile EngineHandler.Connection connection;
    /** What the next GET of a {@link State#CLOSING} session gets last: {@code 1}, or {@code 6} after the client's. */
    Packet farewell = Packet.CLOSE;

    /** {@link System#nanoTime} when it was made: read by the admin page only, never by the session's logic. */
    private final long openedNanos = System.nanoTime();

    /** How long a session the client closed over polling answers a late GET with {@code 6}: at most this. */
    static final Duration CLIENT_CLOSE_LINGER = Duration.ofSeconds(1);

    /** See {@link EngineSession}'s constructor. */
    SessionCore(String id, EngineRequest request, EngineConfig config, Scheduler scheduler, WebSocketLink link,
                Runnable gone, EngineEvents events, MemoryBudget outbound, MemoryBudget inbound) {
        this.id = id;
        this.events = events;
        this.request = request;
        this.config = config;
        this.scheduler = scheduler;
        this.gone = gone;
        this.buffer = new OutboundBuffer(config.maxBufferedPackets(), config.maxBufferedBytes(), outbound.share());
        this.inbound = inbound.share();
        this.socket = link;
        this.state = link == null ? State.POLLING : State.WEBSOCKET;
    }

    /** Opens it to {@code handler} and starts the heartbeat. */
    void start(EngineHandler handler) {
        synchronized (this) {
            timer = scheduler.schedule(config.pingInterval(), this::ping);
            delivery.queue(() -> connection = handler.open(this));
        }
        delivery.run();
    }

    public synchronized State state() {
        return state;
    }

    /** {@link System#nanoTime} when the session was made (for its age). */
    public long openedNanos() {
        return openedNanos;
    }

    /** Bytes of packets waiting for the client (its next GET, or the socket). */
    public synchronized long queuedBytes() {
        return buffer.bytes();
    }

    /** Packets waiting for the client. */
    public synchronized int queuedPackets() {
        return buffer.size();
    }

    /** Whether a GET is being held (for tests, which must not race their next request against it). */
    public synchronized boolean holdsGet() {
        return heldGet != null;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized String transport() {
        return state == State.WEBSOCKET ? "websocket" : "polling";
    }

    @Override
    public EngineRequest request() {
        return request;
    }

    @Override
    public synchronized boolean isOpen() {
        return state != State.CLOSED && state != State.CLOSING;
    }

    @Override
    public MemoryBudget.Share inbound() {
        return inbound;
    }

    @Override
    public void inboundRefused(long bytes) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (isOpen()) {
                overBudget(inbound.budget(), bytes, after);
            }
        }
        runAfter(after);
    }

    /** A budget had no room for {@code bytes} of this session's: reported, and the session closes at once. */
    private void overBudget(MemoryBudget budget, long bytes, List<Runnable> after) {
        events.overBudget(this, budget, bytes);
        close(SERVER_BUSY, null, after);
    }

    /** A packet from the client, over the current transport. */
    void packet(Packet packet, List<Runnable> after) {
        switch (packet.type()) {
            case PONG -> {
                cancelTimer();
                timer = scheduler.schedule(config.pingInterval(), this::ping);
            }
            case MESSAGE -> {
                delivery.queue(packet.isBinary() ? () -> connection.message(packet.binary())
                        : () -> connection.message(packet.text()));
                after.add(delivery::run);
            }
            case CLOSE -> {
                if (state != State.WEBSOCKET && heldGet == null) {
                    // a GET the client sent before its close may reach the server after it, on another connection
                    // (the upstream suite sends both at once): it gets 6, not 400
                    buffer.drain();
                    farewell = Packet.NOOP;
                    close("transport close", config.pingTimeout().compareTo(CLIENT_CLOSE_LINGER) < 0
                            ? config.pingTimeout() : CLIENT_CLOSE_LINGER, after);
                } else {
                    answerHeld(Packet.NOOP, after);
                    close("transport close", null, after);
                }
            }
            default -> { } // ping, open, upgrade, noop from a client: nothing to do
        }
    }

    void ping() {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (!isOpen()) {
                return;
            }
            timer = scheduler.schedule(config.pingTimeout(), this::pingTimedOut);
            queue(List.of(Packet.PING), null, after);
        }
        runAfter(after);
    }

    void pingTimedOut() {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (isOpen()) {
                close("ping timeout", null, after);
            }
        }
        runAfter(after);
    }

    @Override
    public boolean send(String text) {
        return send(EngineMessage.text(text));
    }

    @Override
    public boolean send(byte[] data) {
        return send(EngineMessage.of(List.of(data)));
    }

    @Override
    public boolean send(List<Object> textsAndByteArrays) {
        return send(EngineMessage.of(textsAndByteArrays));
    }

    @Override
    public boolean send(EngineMessage message) {
        List<Runnable> after = new ArrayList<>();
        boolean sent;
        synchronized (this) {
            sent = isOpen() && queue(message.packets(), message, after);
        }
        runAfter(after);
        return sent;
    }

    @Override
    public void close(String reason) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (isOpen()) {
                close(reason, serverCloseLinger(), after);
            }
        }
        runAfter(after);
    }

    /**
     * Sends or buffers {@code packets}, all or none; false (and the session closed) when they do not fit. When they
     * are {@code shared}'s (null: they are this session's own), a WebSocket queues its frames, made once for all.
     */
    boolean queue(List<Packet> packets, EngineMessage shared, List<Runnable> after) {
        if (state == State.WEBSOCKET) {
            for (int i = 0; i < packets.size(); i++) {
                Packet packet = packets.get(i);
                if (!(shared != null ? socket.send(packet, shared.frame(i)) : socket.send(packet))) {
                    close("transport buffer full", null, after);
                    return false;
                }
            }
            return true;
        }
        OutboundBuffer.Result added = buffer.add(packets);
        if (added == OutboundBuffer.Result.FULL) {
            close("transport buffer full", null, after);
            return false;
        }
        if (added == OutboundBuffer.Result.OVER_BUDGET) {
            overBudget(buffer.share().budget(), OutboundBuffer.heapBytes(packets), after);
            return false;
        }
        if (state == State.POLLING && heldGet != null) {
            CompletableFuture<Answer> get = heldGet;
            heldGet = null;
            String payload = PacketCodec.join(buffer.drain());
            after.add(() -> get.complete(Answer.payload(payload)));
        }
        return true;
    }

    /** Answers the held GET, if any, with {@code packet}. */
    void answerHeld(Packet packet, List<Runnable> after) {
        if (heldGet != null) {
            CompletableFuture<Answer> get = heldGet;
            heldGet = null;
            after.add(() -> get.complete(Answer.payload(PacketCodec.encode(packet))));
        }
    }

    /**
     * Closes the session, telling the handler {@code reason}. A held GET gets what is buffered and {@code 1}; without
     * one, the session waits {@code linger} (null: not at all) for the next GET to say so with {@link #farewell}; a
     * WebSocket gets {@code 1} and is closed.
     */
    void close(String reason, Duration linger, List<Runnable> after) {
        if (state == State.CLOSED || state == State.CLOSING) {
            return; // closed once only: its handler told once, its address uncounted once
        }
        after.add(released);
        events.closed(this, transport(), reason);
        cancelTimer();
        inbound.close(); // the handler is told below: what it kept of the messages goes with the session
        int code = SERVER_BUSY.equals(reason) ? 1013 : 1000; // 1013: try again later, as the outbound queues say it
        if (upgrading != null) {
            WebSocketLink link = upgrading;
            upgrading = null;
            after.add(() -> link.close(code, reason));
        }
        if (state == State.WEBSOCKET) {
            socket.send(Packet.CLOSE);
            WebSocketLink link = socket;
            after.add(() -> link.close(code, reason));
            finish(after);
        } else if (heldGet != null) {
            List<Packet> last = new ArrayList<>(buffer.drain());
            last.add(Packet.CLOSE);
            String payload = PacketCodec.join(last);
            CompletableFuture<Answer> get = heldGet;
            heldGet = null;
            after.add(() -> get.complete(Answer.payload(payload)));
            finish(after);
        } else if (linger != null) {
            state = State.CLOSING;
            timer = scheduler.schedule(linger, this::forget);
        } else {
            finish(after);
        }
        delivery.queue(() -> {
            if (connection != null) {
                connection.closed(reason);
            }
        });
        after.add(delivery::run);
    }

    /** How long a session the server closes waits for its polling client's next GET to tell it. */
    Duration serverCloseLinger() {
        return config.pingInterval().plus(config.pingTimeout());
    }

    /** Closed for good: the server forgets the sid. */
    void finish(List<Runnable> after) {
        cancelTimer();
        buffer.close();
        state = State.CLOSED;
        after.add(gone);
    }

    /** A server-side close whose next GET never came. */
    void forget() {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (state == State.CLOSING) {
                finish(after);
            }
        }
        runAfter(after);
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** What a step decided to do outside the lock: answers, handler calls, closes. */
    static void runAfter(List<Runnable> after) {
        for (Runnable action : after) {
            action.run();
        }
    }
}

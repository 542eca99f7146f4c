package dev.parley.engineio;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One Engine.IO session, no I/O: its transport's state, the polling client's held GET and buffer, the heartbeat, the
 * upgrade to WebSocket and the close, driven by what its transports report and by its {@link Scheduler}. The
 * transports turn its {@link Answer}s into HTTP answers and its packets into frames ({@link WebSocketLink}).
 */
public final class EngineSession implements EngineSocket {
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

    private final String id;
    private final EngineRequest request;
    private final EngineConfig config;
    private final Scheduler scheduler;
    private final Runnable gone;
    private final OutboundBuffer buffer;
    private final Delivery delivery = new Delivery();
    private State state;
    private WebSocketLink socket;
    private WebSocketLink upgrading;
    private CompletableFuture<Answer> heldGet;
    private boolean posting;
    private Scheduler.Cancellable timer;
    private volatile EngineHandler.Connection connection;

    /**
     * A session that has just been opened over {@code link} (WebSocket) or, null, over polling. Call {@link #start}
     * once its open packet has been answered.
     *
     * @param gone run once when the session is closed for good: its server forgets its sid
     */
    EngineSession(String id, EngineRequest request, EngineConfig config, Scheduler scheduler, WebSocketLink link,
                  Runnable gone) {
        this.id = id;
        this.request = request;
        this.config = config;
        this.scheduler = scheduler;
        this.gone = gone;
        this.buffer = new OutboundBuffer(config.maxBufferedPackets(), config.maxBufferedBytes());
        this.socket = link;
        this.state = link == null ? State.POLLING : State.WEBSOCKET;
    }

    /** The open packet this session answers its handshake with. */
    Packet openPacket() {
        return Packet.of(PacketType.OPEN, config.openJson(id, socket == null));
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

    // --- polling -------------------------------------------------------------------------------------------------

    /** A GET: answered now, or held until there is something to send (the ping comes at the latest). */
    public CompletionStage<Answer> poll() {
        List<Runnable> after = new ArrayList<>();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        synchronized (this) {
            switch (state) {
                case CLOSED -> answer.complete(Answer.refused(EngineError.SESSION_ID_UNKNOWN));
                case WEBSOCKET -> answer.complete(Answer.refused(EngineError.BAD_REQUEST));
                case CLOSING -> {
                    List<Packet> last = new ArrayList<>(buffer.drain());
                    last.add(Packet.CLOSE);
                    answer.complete(Answer.payload(PacketCodec.join(last)));
                    finish(after);
                }
                case UPGRADING -> answer.complete(Answer.payload(PacketCodec.encode(Packet.NOOP)));
                case POLLING -> {
                    if (heldGet != null) {
                        // one GET at a time: a second one is refused and the session closes, the first gets 1
                        answer.complete(Answer.refused(EngineError.BAD_REQUEST));
                        close("transport error", true, after);
                    } else if (!buffer.isEmpty()) {
                        answer.complete(Answer.payload(PacketCodec.join(buffer.drain())));
                    } else {
                        heldGet = answer;
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        runAfter(after);
        return answer;
    }

    /** A POST's head: false (refuse it 400) when another POST is under way; the session then closes. */
    public boolean postStarted() {
        List<Runnable> after = new ArrayList<>();
        boolean first;
        synchronized (this) {
            first = !posting;
            posting = true;
            if (!first) {
                close("transport error", true, after);
            }
        }
        runAfter(after);
        return first;
    }

    /** A POST's body, {@code null} when it was over {@link EngineConfig#maxPayload()} (413; the session closes). */
    public Answer post(String body) {
        List<Runnable> after = new ArrayList<>();
        Answer answer;
        synchronized (this) {
            posting = false;
            if (state == State.CLOSED || state == State.CLOSING) {
                answer = Answer.refused(EngineError.SESSION_ID_UNKNOWN);
            } else if (state == State.WEBSOCKET) {
                answer = Answer.refused(EngineError.BAD_REQUEST);
            } else if (body == null) {
                answer = Answer.refused(EngineError.PAYLOAD_TOO_LARGE);
                close("transport error", true, after);
            } else {
                answer = received(body, after);
            }
        }
        runAfter(after);
        return answer;
    }

    private Answer received(String body, List<Runnable> after) {
        List<Packet> packets;
        try {
            packets = PacketCodec.split(body);
        } catch (MalformedPacket malformed) {
            close("parse error", true, after);
            return Answer.refused(EngineError.BAD_REQUEST);
        }
        for (Packet packet : packets) {
            if (state != State.POLLING && state != State.UPGRADING) {
                break;
            }
            packet(packet, after);
        }
        return Answer.OK;
    }

    // --- WebSocket -----------------------------------------------------------------------------------------------

    /**
     * A WebSocket opened for this session's sid: it becomes the upgrade candidate, and a held GET is released with
     * {@code 6}. False when the session has a WebSocket already or is closed: close {@code link}.
     */
    public boolean upgradeStarted(WebSocketLink link) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (state != State.POLLING) {
                return false;
            }
            state = State.UPGRADING;
            upgrading = link;
            answerHeld(Packet.NOOP, after);
        }
        runAfter(after);
        return true;
    }

    /** A text frame from {@code link}. */
    public void frame(WebSocketLink link, String text) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            Packet packet;
            try {
                packet = PacketCodec.decode(text);
            } catch (MalformedPacket malformed) {
                packet = null;
            }
            if (link == upgrading && state == State.UPGRADING) {
                probe(link, packet, after);
            } else if (link == socket && state == State.WEBSOCKET) {
                if (packet == null || packet.isBinary()) { // a text frame is never b + base64
                    close("parse error", true, after);
                } else {
                    packet(packet, after);
                }
            }
        }
        runAfter(after);
    }

    /** A binary frame from {@code link}: a binary message. */
    public void frame(WebSocketLink link, byte[] data) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (link == socket && state == State.WEBSOCKET) {
                packet(Packet.message(data), after);
            }
        }
        runAfter(after);
    }

    /** A message over {@link EngineConfig#maxPayload()} on {@code link}: closed with 1009. */
    public void frameTooLarge(WebSocketLink link) {
        link.close(1009, "message too big");
        closed(link);
    }

    /** {@code link} has closed (either side). */
    public void closed(WebSocketLink link) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (link == upgrading && state == State.UPGRADING) {
                state = State.POLLING; // the upgrade failed: polling goes on
                upgrading = null;
            } else if (link == socket && state == State.WEBSOCKET) {
                close("transport close", false, after);
            }
        }
        runAfter(after);
    }

    /** The upgrade: {@code 2probe} is answered {@code 3probe}; {@code 5} makes the WebSocket the transport. */
    private void probe(WebSocketLink link, Packet packet, List<Runnable> after) {
        if (packet != null && packet.type() == PacketType.PING && packet.text().equals("probe")) {
            link.send(Packet.of(PacketType.PONG, "probe"));
            answerHeld(Packet.NOOP, after);
        } else if (packet != null && packet.type() == PacketType.UPGRADE) {
            answerHeld(Packet.NOOP, after);
            state = State.WEBSOCKET;
            socket = link;
            upgrading = null;
            for (Packet waiting : buffer.drain()) {
                if (!socket.send(waiting)) {
                    close("transport buffer full", false, after);
                    return;
                }
            }
        } else {
            upgrading = null;
            state = State.POLLING;
            link.close(1008, "upgrade expected");
        }
    }

    // --- both ----------------------------------------------------------------------------------------------------

    /** A packet from the client, over the current transport. */
    private void packet(Packet packet, List<Runnable> after) {
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
                answerHeld(Packet.NOOP, after);
                close("transport close", true, after);
            }
            default -> { } // ping, open, upgrade, noop from a client: nothing to do
        }
    }

    private void ping() {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (!isOpen()) {
                return;
            }
            timer = scheduler.schedule(config.pingTimeout(), this::pingTimedOut);
            queue(List.of(Packet.PING), after);
        }
        runAfter(after);
    }

    private void pingTimedOut() {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (isOpen()) {
                close("ping timeout", true, after);
            }
        }
        runAfter(after);
    }

    @Override
    public boolean send(String text) {
        return sendPackets(List.of(Packet.message(text)));
    }

    @Override
    public boolean send(byte[] data) {
        return sendPackets(List.of(Packet.message(data)));
    }

    @Override
    public boolean send(List<Object> textsAndByteArrays) {
        List<Packet> packets = new ArrayList<>();
        for (Object item : textsAndByteArrays) {
            packets.add(item instanceof byte[] bytes ? Packet.message(bytes) : Packet.message((String) item));
        }
        return sendPackets(packets);
    }

    private boolean sendPackets(List<Packet> packets) {
        List<Runnable> after = new ArrayList<>();
        boolean sent;
        synchronized (this) {
            sent = isOpen() && queue(packets, after);
        }
        runAfter(after);
        return sent;
    }

    @Override
    public void close(String reason) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (isOpen()) {
                close(reason, false, after);
            }
        }
        runAfter(after);
    }

    /** Sends or buffers {@code packets}, all or none; false (and the session closed) when they do not fit. */
    private boolean queue(List<Packet> packets, List<Runnable> after) {
        if (state == State.WEBSOCKET) {
            for (Packet packet : packets) {
                if (!socket.send(packet)) {
                    close("transport buffer full", true, after);
                    return false;
                }
            }
            return true;
        }
        if (!buffer.add(packets)) {
            close("transport buffer full", true, after);
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
    private void answerHeld(Packet packet, List<Runnable> after) {
        if (heldGet != null) {
            CompletableFuture<Answer> get = heldGet;
            heldGet = null;
            after.add(() -> get.complete(Answer.payload(PacketCodec.encode(packet))));
        }
    }

    /**
     * Closes the session, telling the handler {@code reason}. A held GET gets what is buffered and {@code 1}; without
     * one, a close the server chose ({@code now} false) waits for the next GET to say so, at most one ping interval
     * and timeout; a WebSocket gets {@code 1} and is closed.
     */
    private void close(String reason, boolean now, List<Runnable> after) {
        cancelTimer();
        if (upgrading != null) {
            WebSocketLink link = upgrading;
            upgrading = null;
            after.add(() -> link.close(1000, reason));
        }
        if (state == State.WEBSOCKET) {
            socket.send(Packet.CLOSE);
            WebSocketLink link = socket;
            after.add(() -> link.close(1000, reason));
            finish(after);
        } else if (heldGet != null) {
            List<Packet> last = new ArrayList<>(buffer.drain());
            last.add(Packet.CLOSE);
            String payload = PacketCodec.join(last);
            CompletableFuture<Answer> get = heldGet;
            heldGet = null;
            after.add(() -> get.complete(Answer.payload(payload)));
            finish(after);
        } else if (!now) {
            state = State.CLOSING;
            timer = scheduler.schedule(config.pingInterval().plus(config.pingTimeout()), this::forget);
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

    /** Closed for good: the server forgets the sid. */
    private void finish(List<Runnable> after) {
        cancelTimer();
        state = State.CLOSED;
        after.add(gone);
    }

    /** A server-side close whose next GET never came. */
    private void forget() {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (state == State.CLOSING) {
                buffer.drain();
                finish(after);
            }
        }
        runAfter(after);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** What a step decided to do outside the lock: answers, handler calls, closes. */
    private static void runAfter(List<Runnable> after) {
        for (Runnable action : after) {
            action.run();
        }
    }
}

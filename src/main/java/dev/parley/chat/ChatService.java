package dev.parley.chat;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

import jakarta.json.JsonObjectBuilder;

import dev.parley.metrics.Metrics;
import dev.parley.session.OutboundMessage;

/**
 * The chat of one server (embedded) or web application (WAR): the {@code /chat} protocol (docs/protocol.md) behind
 * the few calls the endpoint and the publish API make. Each frame is decoded once ({@link RequestDecoder}), charged
 * to the session's {@link RateLimit}, and carried out by {@link RoomRequests} on the {@link RoomStore} or by
 * {@link Membership}; frames reach connections through the injected {@link ChatDelivery}. {@code C} is the
 * container's connection type ({@code jakarta.websocket.Session}; a plain value in the unit tests). Thread-safe.
 */
public final class ChatService<C> implements AutoCloseable {
    /** Close code for a session whose ping went unanswered (private-use range; like HTTP 408). */
    public static final int PING_TIMEOUT = 4408;

    private final ChatConfig config;
    private final Metrics metrics;
    private final ChatDelivery<C> delivery;
    private final LongSupplier nanoTime;
    /** This chat's own epoch, drawn at start: a client can tell from the welcome that the server has restarted. */
    private final String epoch;
    private final Map<C, ChatSession> sessions = new ConcurrentHashMap<>();
    private final RoomStore rooms;
    private final RequestDecoder decoder;
    private final Replies replies;
    private final RateLimit rateLimit;
    private final RoomRequests roomRequests;
    private final Membership members;
    private final ChatPings pings;
    /** The chat's own thread: the sweeps, and the leaves of closed sessions ({@link Membership#left}). */
    private final ScheduledThreadPoolExecutor heartbeat;

    /** A chat counting into {@code metrics}, reaching its connections through {@code delivery}, its rooms in memory. */
    public ChatService(ChatConfig config, Metrics metrics, ChatDelivery<C> delivery) {
        this(config, metrics, delivery, Clock.systemUTC(), System::nanoTime, new SecureRandom());
    }

    /** {@code random} draws the epochs (of the server and of each room made): thread-safe, like SecureRandom. */
    ChatService(ChatConfig config, Metrics metrics, ChatDelivery<C> delivery, Clock clock, LongSupplier nanoTime,
                RandomGenerator random) {
        this(config, metrics, delivery, HexFormat.of().toHexDigits(random.nextLong()), clock, nanoTime,
                new MemoryRoomStore(config.rooms(), config.historySize(), ChatSession::send, nanoTime, random));
    }

    /** A chat whose rooms live in {@code rooms}, which delivers to members with {@link ChatSession#send}. */
    ChatService(ChatConfig config, Metrics metrics, ChatDelivery<C> delivery, String epoch, Clock clock,
                LongSupplier nanoTime, RoomStore rooms) {
        this.config = config;
        this.metrics = metrics;
        this.delivery = delivery;
        this.nanoTime = nanoTime;
        this.epoch = epoch;
        this.rooms = rooms;
        this.decoder = new RequestDecoder(config.maxTextBytes(), config.historySize());
        this.replies = new Replies(metrics);
        this.rateLimit = new RateLimit(config, nanoTime, metrics, replies);
        this.roomRequests = new RoomRequests(rooms, decoder, metrics, clock,
                HistoryPage.budget(delivery.outboundMaxBytes()));
        this.heartbeat = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "parley-chat-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.setRemoveOnCancelPolicy(true);
        this.members = new Membership(config.authSecret() != null, rooms, heartbeat, clock);
        this.pings = new ChatPings(config.pingInterval(), config.pingTimeout(), nanoTime);
        metrics.gauge("parley_chat_rooms", "Chat rooms with members or history", rooms::size);
        metrics.gauge("parley_chat_history_bytes", "Bytes of history all chat rooms keep (estimated heap)",
                rooms::historyBytes);
        // One sweep over all sessions a few times per interval: no timer per session, none per message.
        long tick = Math.max(10, Math.min(config.rooms().idleTimeout().toMillis(),
                Math.min(config.pingInterval().toMillis(), config.pingTimeout().toMillis())) / 4);
        heartbeat.scheduleWithFixedDelay(this::sweep, tick, tick, TimeUnit.MILLISECONDS);
    }

    public ChatConfig config() {
        return config;
    }

    Metrics metrics() {
        return metrics;
    }

    /**
     * A session of {@code user} from {@code address} has opened: greet it. In open mode a name is held by one session
     * at a time (issue 12: anyone could be anyone): the claim is atomic, so of two racing sessions exactly one wins.
     *
     * @return false if the name is held by another session (open mode): nothing is registered, the caller refuses it
     */
    boolean opened(C connection, String user, String address) {
        ChatSession member = new ChatSession(new Bound<>(delivery, connection), user, address, rateLimit.bucket(),
                nanoTime.getAsLong());
        if (!members.claim(member)) {
            return false;
        }
        sessions.put(connection, member);
        if (!delivery.isOpen(connection)) { // closed before it was registered (the per-address cap): onClose has run
            closed(connection);
            return true;
        }
        replies.send(member, ChatJson.object("welcome").add("user", user).add("session", member.id())
                .add("epoch", epoch).build());
        return true;
    }

    /** Whether a session of {@code user} is connected now (the handshake's early answer; {@link #opened} decides). */
    boolean connected(String user) {
        return members.connected(user);
    }

    /** The session has closed: it leaves its rooms (presence goes out when it was the user's last). */
    void closed(C connection) {
        ChatSession member = sessions.remove(connection);
        if (member != null) {
            members.left(member);
        }
    }

    /** The server begins to stop: no presence for sessions closed from now on, no new sessions ({@link ChatHandshake}). */
    public void shutdown() {
        members.shutdown();
    }

    boolean stopping() {
        return members.stopping();
    }

    /** The peer answered a ping. */
    void ponged(C connection) {
        ChatSession member = sessions.get(connection);
        if (member != null) {
            ChatPings.ponged(member);
        }
    }

    /** One request from the client; answered with an ack or an error, never by closing, except for abuse. */
    void received(C connection, String text) {
        ChatSession member = sessions.get(connection);
        if (member == null || !delivery.admit(connection, text)) {
            return;
        }
        RequestDecoder.Decoded decoded = decoder.decode(text);
        if (!rateLimit.admit(member, decoded.ack())) { // charged whether it decoded or not
            return;
        }
        try {
            if (decoded.rejected() != null) {
                throw decoded.rejected();
            }
            replies.answer(member, decoded.ack(), handle(member, decoded.request()));
        } catch (RequestRejected refused) {
            replies.error(member, decoded.ack(), refused);
        }
    }

    /** The request's answer, or null when it has been sent already (a join's, in its room's sequence). */
    private JsonObjectBuilder handle(ChatSession member, ChatRequest request) {
        if (request instanceof ChatRequest.Join join) {
            return roomRequests.join(member, join);
        } else if (request instanceof ChatRequest.Leave leave) {
            return roomRequests.leave(member, leave);
        } else if (request instanceof ChatRequest.Say say) {
            return roomRequests.say(member, say);
        } else if (request instanceof ChatRequest.History history) {
            return roomRequests.history(member, history);
        } else if (request instanceof ChatRequest.Whisper whisper) {
            return members.whisper(member, whisper);
        }
        throw new IllegalStateException("no handler for " + request);
    }

    /**
     * Says {@code text} in {@code room} as {@code from}, on behalf of the publish API: a normal message, with the
     * room's next id, kept in its history. The room is created if need be.
     *
     * @return the message id
     * @throws RequestRejected for a bad room name, author or text
     */
    long publish(String room, String from, String text) {
        return roomRequests.publish(room, from, text);
    }

    /** Removes idle rooms; pings the sessions that are due. */
    private void sweep() {
        rooms.sweep();
        pings.sweep(sessions.values());
    }

    /** Stops the heartbeat. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
    }

    /** A session's {@link ChatSession.Link}: the delivery, bound to its connection. */
    private record Bound<C>(ChatDelivery<C> delivery, C connection) implements ChatSession.Link {
        @Override
        public String id() {
            return delivery.id(connection);
        }

        @Override
        public void send(OutboundMessage message) {
            delivery.send(connection, message);
        }

        @Override
        public void close(int code, String reason) {
            delivery.close(connection, code, reason);
        }

        @Override
        public void ping() {
            delivery.ping(connection);
        }
    }
}

package dev.parley.chat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import dev.parley.metrics.Metrics;
import dev.parley.session.OutboundMessage;
import dev.parley.session.OutboundQueue;
import dev.parley.session.Sessions;

/**
 * The chat: rooms, who is connected as whom, and the requests of the {@code /chat} protocol (docs/protocol.md).
 * One per server (embedded) or per web application (WAR); thread-safe. The endpoint only forwards to it.
 */
public final class ChatService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ChatService.class.getName());
    /** Room names: 1-64 letters, digits, '_', '-', '.'. */
    private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** Close code for a session whose ping went unanswered (private-use range; like HTTP 408). */
    public static final int PING_TIMEOUT = 4408;

    private final ChatConfig config;
    /** The server's open sessions: their caps and outbound queues. */
    private final Sessions registry;
    private final Metrics metrics;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Rooms rooms;
    /** This chat's own epoch, drawn at start: a client can tell from the welcome that the server has restarted. */
    private final String epoch;
    private final Map<Session, ChatSession> sessions = new ConcurrentHashMap<>();
    private final ChatUsers users;
    private final ScheduledThreadPoolExecutor heartbeat;
    /** Set when the server begins to stop: sessions closed from then on leave without presence. */
    private volatile boolean stopping;

    /** A chat of the server with {@code registry}, counting into its metrics (rooms, rate-limit hits, refusals). */
    public ChatService(ChatConfig config, Sessions registry) {
        this(config, registry, Clock.systemUTC(), System::nanoTime, new SecureRandom());
    }

    /** {@code random} draws the epochs (of the server and of each room made): thread-safe, like SecureRandom. */
    ChatService(ChatConfig config, Sessions registry, Clock clock, LongSupplier nanoTime, RandomGenerator random) {
        this.config = config;
        this.registry = registry;
        this.metrics = registry.metrics();
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.users = new ChatUsers(config.authSecret() != null); // auth mode: the token is the identity, may be shared
        this.rooms = new Rooms(config.rooms(), config.historySize(), (member, message) -> deliver(member.session,
                message), nanoTime, random);
        this.epoch = rooms.newEpoch();
        metrics.gauge("parley_chat_rooms", "Chat rooms with members or history", rooms::size);
        metrics.gauge("parley_chat_history_bytes", "Bytes of history all chat rooms keep (estimated heap)",
                rooms::historyBytes);
        this.heartbeat = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "parley-chat-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.setRemoveOnCancelPolicy(true);
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
    boolean opened(Session session, String user, String address) {
        ChatSession chat = new ChatSession(session, user, address,
                new TokenBucket(config.ratePerSecond(), config.burst(), nanoTime.getAsLong()), nanoTime.getAsLong());
        if (!users.claim(chat)) {
            return false;
        }
        sessions.put(session, chat);
        if (!session.isOpen()) { // closed before it was registered (the per-address cap): its onClose has run
            closed(session);
            return true;
        }
        send(session, ChatJson.object("welcome").add("user", user).add("session", session.getId())
                .add("epoch", epoch).build());
        return true;
    }

    /** Whether a session of {@code user} is connected now (the handshake's early answer; {@link #opened} decides). */
    boolean connected(String user) {
        return users.connected(user);
    }

    /** The session has closed: it leaves its rooms (presence goes out when it was the user's last). */
    void closed(Session session) {
        ChatSession chat = sessions.remove(session);
        if (chat == null) {
            return;
        }
        users.release(chat);
        if (stopping) { // shutting down: the server goes away for everyone, nobody is told who "left"
            return;
        }
        // A session often closes inside a room's lock: a write to it failed while a room was delivering, and the
        // container ran its @OnClose right there. Leaving its rooms on that thread would take other rooms' locks in
        // another order (a deadlock between two rooms) or change the members of the room being delivered (the
        // members after it lose the message). So the leaves run on the chat's own thread, after the lock is let go.
        try {
            heartbeat.execute(() -> rooms.closed(chat));
        } catch (RejectedExecutionException stopped) {
            LOG.fine(() -> "chat stopped: " + session.getId() + " leaves no rooms");
        }
    }

    /** The server begins to stop: no presence for sessions closed from now on, no new sessions ({@link ChatHandshake}). */
    public void shutdown() {
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    /** The peer answered a ping. */
    void ponged(Session session) {
        ChatSession chat = sessions.get(session);
        if (chat != null) {
            chat.pingSentAt = 0;
        }
    }

    /** One request from the client; answered with an ack or an error, never by closing, except for abuse. */
    void received(Session session, String text) {
        ChatSession chat = sessions.get(session);
        if (chat == null || !registry.admit(session, text)) {
            return;
        }
        JsonObject request = null;
        RequestRejected unparsable = null;
        try {
            request = ChatJson.parse(text);
        } catch (RequestRejected e) { // answered below, once charged to the rate limit like any other frame
            unparsable = e;
        }
        String ack = request != null && request.get("ack") instanceof jakarta.json.JsonString id
                ? id.getString() : null;
        if (!chat.bucket.tryTake(nanoTime.getAsLong())) {
            chat.refusedInARow++;
            metrics.rateLimited();
            if (chat.refusedInARow >= config.burst()) {
                Sessions.closeQuietly(session,
                        new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "rate limit exceeded"));
            } else if (chat.refusedInARow == 1) {
                error(session, ack, new RequestRejected("rate_limited",
                        "over " + (int) config.ratePerSecond() + " messages per second; slow down"));
            }
            return;
        }
        chat.refusedInARow = 0;
        if (unparsable != null) {
            error(session, null, unparsable);
            return;
        }
        try {
            JsonObjectBuilder reply = handle(chat, request, ack);
            if (ack != null && reply != null) {
                send(session, reply.add("ack", ack).build());
            }
        } catch (RequestRejected e) {
            error(session, ack, e);
        }
    }

    /** The request's answer, or null when it has been sent already (a join's, in its room's sequence). */
    private JsonObjectBuilder handle(ChatSession chat, JsonObject request, String ack) {
        String type = ChatJson.string(request, "type");
        return switch (type) {
            case "join" -> join(chat, room(request), ack);
            case "leave" -> leave(chat, room(request));
            case "say" -> say(chat, room(request), text(request));
            case "whisper" -> whisper(chat, ChatJson.string(request, "to"), text(request));
            case "history" -> history(chat, room(request), request);
            default -> throw new RequestRejected("unknown_type", "unknown request type \"" + type + "\"");
        };
    }

    /** Joins; the room itself sends the acknowledgement (members, last id, epoch), so this answers null. */
    private JsonObjectBuilder join(ChatSession chat, String name, String ack) {
        try {
            rooms.join(chat, name, ack);
        } catch (RequestRejected refused) {
            if (!refused.code().equals("too_many_rooms")) { // server_full, too_many_new_rooms: the memory budgets
                metrics.roomRefused(refused.code());
                if (chat.roomRefusals++ == 0) { // counted each time, logged once per connection
                    LOG.info(() -> "event=room-refused session=" + chat.session.getId() + " user=" + chat.user
                            + " address=" + chat.address + " room=" + name + " code=" + refused.code());
                }
            }
            throw refused;
        }
        return null;
    }

    private JsonObjectBuilder leave(ChatSession chat, String name) {
        if (!rooms.leave(chat, name)) {
            throw new RequestRejected("not_member", "not in room \"" + name + "\"");
        }
        return ChatJson.object("ack").add("room", name);
    }

    private JsonObjectBuilder say(ChatSession chat, String name, String text) {
        ChatMessage message = rooms.say(chat, name, text, clock.instant());
        return ChatJson.object("ack").add("room", name).add("id", message.id());
    }

    private JsonObjectBuilder whisper(ChatSession chat, String to, String text) {
        Set<ChatSession> targets = users.sessionsOf(to);
        if (targets.isEmpty()) {
            throw new RequestRejected("no_such_user", "\"" + to + "\" is not connected");
        }
        String json = ChatJson.object("whisper").add("from", chat.user).add("text", text)
                .add("ts", clock.instant().toString()).build().toString();
        for (ChatSession target : targets) {
            sendText(target.session, json);
        }
        return ChatJson.object("ack").add("to", to);
    }

    /**
     * One page of a room's history ({@link HistoryPage}): never near the session's outbound bound. With the room's
     * epoch and last id; {@code reset} when the client's ids are of another epoch.
     */
    private JsonObjectBuilder history(ChatSession chat, String name, JsonObject request) {
        long since = ChatJson.number(request, "since", 0, 0, Long.MAX_VALUE);
        int limit = (int) ChatJson.number(request, "limit", 100, 1, config.historySize());
        String clientEpoch = ChatJson.optionalString(request, "epoch");
        ChatRoom.History history = rooms.history(chat, name, since, limit, clientEpoch);
        HistoryPage.Page page = HistoryPage.of(history,
                HistoryPage.budget(registry.limits().outboundMaxBytes()));
        return ChatJson.object("ack").add("room", name).add("messages", page.messages())
                .add("complete", history.complete()).add("more", page.more()).add("reset", history.reset())
                .add("epoch", history.epoch()).add("last", history.last());
    }

    /**
     * Says {@code text} in {@code room} as {@code from}, on behalf of the publish API: a normal message, with the
     * room's next id, kept in its history. The room is created if need be.
     *
     * @return the message id
     * @throws RequestRejected for a bad room name, author or text
     */
    long publish(String roomName, String from, String text) {
        checkRoomName(roomName);
        if (!Admission.isValidName(from)) {
            throw new RequestRejected("bad_field", "\"from\" must be 1-32 letters, digits, '_', '-' or '.'");
        }
        checkText(text);
        return rooms.publish(roomName, from, text, clock.instant()).id();
    }

    private static String room(JsonObject request) {
        String name = ChatJson.string(request, "room");
        checkRoomName(name);
        return name;
    }

    private static void checkRoomName(String name) {
        if (!ROOM.matcher(name).matches()) {
            throw new RequestRejected("bad_field", "room names are 1-64 letters, digits, '_', '-' or '.'");
        }
    }

    private String text(JsonObject request) {
        String text = ChatJson.string(request, "text");
        checkText(text);
        return text;
    }

    private void checkText(String text) {
        if (text.isEmpty()) {
            throw new RequestRejected("bad_field", "\"text\" must not be empty");
        }
        int bytes = OutboundQueue.utf8Length(text);
        if (bytes > config.maxTextBytes()) {
            throw new RequestRejected("text_too_long", "text of " + bytes + " bytes is over the limit of "
                    + config.maxTextBytes());
        }
    }

    /** Pings sessions that are due, drops those that left a ping unanswered for too long, removes idle rooms. */
    private void sweep() {
        rooms.sweep();
        long now = nanoTime.getAsLong();
        long interval = config.pingInterval().toNanos();
        long timeout = config.pingTimeout().toNanos();
        for (ChatSession chat : sessions.values()) {
            long sentAt = chat.pingSentAt;
            if (sentAt != 0 && now - sentAt > timeout) {
                LOG.info(() -> "event=ping-timeout session=" + chat.session.getId() + " user=" + chat.user + " code="
                        + PING_TIMEOUT + " waited_ms=" + config.pingTimeout().toMillis());
                Sessions.closeQuietly(chat.session, new CloseReason(CloseReason.CloseCodes.getCloseCode(PING_TIMEOUT),
                        "ping timeout"));
            } else if (sentAt == 0 && now - chat.lastPingAt >= interval) {
                chat.lastPingAt = now;
                chat.pingSentAt = now == 0 ? 1 : now;
                try {
                    chat.session.getAsyncRemote().sendPing(ByteBuffer.allocate(0)); // queued, never blocks
                } catch (IOException | IllegalStateException | IllegalArgumentException closing) {
                    LOG.log(Level.FINE, "ping to " + chat.session.getId() + " failed: " + closing);
                }
            }
        }
    }

    private void error(Session session, String ack, RequestRejected rejected) {
        if (rejected.kind() != null) { // malformed input, not a refused request: counted and logged
            metrics.badRequest(rejected.kind());
            LOG.info(() -> "event=bad-request session=" + session.getId() + " kind=" + rejected.kind() + " code="
                    + rejected.code() + " reason=" + Sessions.quoted(rejected.getMessage()));
        }
        JsonObjectBuilder error = ChatJson.object("error");
        if (ack != null) {
            error.add("ack", ack);
        }
        send(session, error.add("code", rejected.code()).add("message", rejected.getMessage()).build());
    }

    private void send(Session session, JsonObject json) {
        sendText(session, json.toString());
    }

    private void sendText(Session session, String json) {
        deliver(session, OutboundMessage.text(json));
    }

    private void deliver(Session session, OutboundMessage message) {
        OutboundQueue out = registry.outbound(session);
        if (out != null) {
            out.send(message);
        }
    }

    /** Stops the heartbeat. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
    }
}

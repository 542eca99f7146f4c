package dev.parley.chat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import dev.parley.metrics.Metrics;
import dev.parley.session.OutboundMessage;

/**
 * The chat of one server (embedded) or web application (WAR): the {@code /chat} protocol (docs/protocol.md) behind
 * the few calls its endpoint and the publish API make. It keeps which connection is which {@link ChatSession} and
 * runs the chat's own thread; requests go to the {@link RequestHandler}, rooms live in a {@link RoomStore} (in memory,
 * or one given), names in {@link Membership}, and frames reach connections through the injected {@link ChatDelivery}.
 * {@code C} is the container's connection type ({@code jakarta.websocket.Session}; a plain value in the unit tests).
 * Connections of another kind (a Socket.IO socket in {@code /chat}: {@link SocketIoChat}) join the same chat with
 * their own {@link ChatDelivery}, through {@link #opened(Object, ChatDelivery, String, String)}. Thread-safe.
 */
public final class ChatService<C> implements AutoCloseable {
    private final ChatConfig config;
    private final Metrics metrics;
    private final ChatDelivery<C> delivery;
    private final LongSupplier nanoTime;
    /** This chat's own epoch, drawn at start: a client can tell from the welcome that the server has restarted. */
    private final String epoch;
    /** Every open connection, of whichever kind, with its member and its delivery bound to it. */
    private final Map<Object, Attached> sessions = new ConcurrentHashMap<>();
    private final RoomStore rooms;
    private final Membership members;
    private final RequestHandler requests;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The chat's own thread: the sweeps, and the leaves of closed sessions ({@link Membership#left}). */
    private final ScheduledThreadPoolExecutor heartbeat = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "parley-chat-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    /** A chat counting into {@code metrics}, reaching its connections through {@code delivery}, its rooms in memory. */
    public ChatService(ChatConfig config, Metrics metrics, ChatDelivery<C> delivery) {
        this(config, metrics, delivery, RoomStore.inMemory(config));
    }

    /**
     * A chat whose rooms live in {@code rooms} (started here with this chat's users; closed when the chat closes),
     * counting into {@code metrics}, reaching its connections through {@code delivery}.
     */
    public ChatService(ChatConfig config, Metrics metrics, ChatDelivery<C> delivery, RoomStore rooms) {
        this(config, metrics, delivery, rooms, Clock.systemUTC(), System::nanoTime);
    }

    /** A chat whose rooms live in {@code rooms}, its time from {@code clock} and {@code nanoTime}. */
    ChatService(ChatConfig config, Metrics metrics, ChatDelivery<C> delivery, RoomStore rooms, Clock clock,
                LongSupplier nanoTime) {
        this.config = config;
        this.metrics = metrics;
        this.delivery = delivery;
        this.nanoTime = nanoTime;
        this.rooms = rooms;
        ChatUsers users = new ChatUsers(config.authSecret() != null);
        rooms.start(users);
        this.epoch = rooms.newEpoch(); // from the store's injected randomness, like every room's
        this.members = new Membership(users, rooms, heartbeat, clock);
        this.requests = new RequestHandler(config, metrics, clock, nanoTime, rooms, members,
                HistoryPage.budget(delivery.outboundMaxBytes()));
        metrics.gauge("parley_chat_rooms", "Chat rooms with members or history", rooms::size);
        metrics.gauge("parley_chat_history_bytes", "Bytes of history all chat rooms keep (estimated heap)",
                rooms::historyBytes);
        heartbeat.setRemoveOnCancelPolicy(true);
        // One sweep over the rooms a few times per ping interval, as when it pinged too (Liveness pings now): no
        // timer per room.
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
        return opened(connection, delivery, user, address);
    }

    /** {@link #opened(Object, String, String)} for a connection this chat reaches through {@code via}. */
    <K> boolean opened(K connection, ChatDelivery<K> via, String user, String address) {
        DeliveryLink<K> link = new DeliveryLink<>(via, connection);
        ChatSession member = new ChatSession(link, user, address, requests.bucket(), requests.waiting());
        if (!members.claim(member)) {
            return false;
        }
        sessions.put(connection, new Attached(member, link));
        if (!link.isOpen()) { // closed before it was registered (the per-address cap): onClose has run
            closed(connection);
            return true;
        }
        // A shared store registers the user on this node first: once welcomed, whispers from other nodes reach it.
        rooms.opened(member).whenComplete((registered, failure) -> member.send(OutboundMessage.text(
                ChatJson.object("welcome").add("user", user).add("session", member.id()).add("epoch", epoch)
                        .build().toString())));
        return true;
    }

    /** Whether a session of {@code user} is connected now (the handshake's early answer; {@link #opened} decides). */
    boolean connected(String user) {
        return members.connected(user);
    }

    /** The session has closed: it leaves its rooms (presence goes out when it was the user's last). */
    void closed(Object connection) {
        Attached attached = sessions.remove(connection);
        if (attached != null) {
            members.left(attached.member());
        }
    }

    /** The server begins to stop: sessions closed from now on leave without presence; {@link ChatHandshake} refuses. */
    public void shutdown() {
        members.shutdown();
    }

    boolean stopping() {
        return members.stopping();
    }

    /** One text frame from the client: a request ({@link RequestHandler}) once it is within the message cap. */
    void received(Object connection, String text) {
        Attached attached = sessions.get(connection);
        if (attached != null && attached.link().admit(text)) {
            requests.received(attached.member(), text);
        }
    }

    /**
     * Says {@code text} in {@code room} as {@code from}, on behalf of the publish API: a normal message, with the
     * room's next id, kept in its history. The room is created if need be.
     *
     * @return the message id; completed exceptionally with {@link RequestRejected} for a bad room name, author or
     *         text, or the store's refusal; with another exception when the store failed
     */
    CompletionStage<Long> publishAsync(String room, String from, String text) {
        return requests.publish(room, from, text);
    }

    /**
     * {@link #publishAsync}, waiting for the store's answer: for callers that may wait (the in-memory store answers at
     * once).
     *
     * @throws RequestRejected as {@link #publishAsync} completes
     */
    long publish(String room, String from, String text) {
        try {
            return publishAsync(room, from, text).toCompletableFuture().join();
        } catch (CompletionException failed) {
            throw RequestFailures.rethrown(RequestFailures.cause(failed));
        }
    }

    /**
     * One connection of this server's chat as the admin page shows it: its id, the id of the transport session that
     * carries it ({@link ChatDelivery#carrier}: the Engine.IO session's for Socket.IO), user, address and rooms.
     */
    public record Connection(String id, String carrier, String user, String address, Set<String> rooms) {
        public Connection {
            rooms = Set.copyOf(rooms);
        }
    }

    /** This server's chat connections now, each with the rooms it has joined or is joining: a snapshot. */
    public List<Connection> connections() {
        List<Connection> all = new ArrayList<>();
        for (Attached attached : sessions.values()) {
            ChatSession member = attached.member();
            all.add(new Connection(member.id(), member.link.carrier(), member.user, member.address, member.rooms));
        }
        return all;
    }

    /** How many rooms the store holds (with members or history), on every node for a shared store. */
    public int roomCount() {
        return rooms.size();
    }

    /** A connection's member and the delivery it is reached through. */
    private record Attached(ChatSession member, DeliveryLink<?> link) {
    }

    /** Removes idle rooms. */
    private void sweep() {
        rooms.sweep();
    }

    /** Stops the chat's thread and closes its room store; once (a second call does nothing). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            heartbeat.shutdownNow();
            rooms.close();
        }
    }
}

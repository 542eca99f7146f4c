package dev.parley.socketio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import jakarta.json.JsonObject;

import dev.parley.engineio.EngineRequest;

/**
 * One client in one namespace (python-socketio's {@code sid}; the JavaScript server's {@code Socket}). Its id is its
 * own, distinct from the Engine.IO sid, and every socket is in the room named by its id. Thread-safe: emit, join,
 * leave and disconnect from any thread.
 */
public final class SioSocket {
    private static final Logger LOG = Logger.getLogger(SioSocket.class.getName());
    /** What a socket holds for a connect handler that emits before it returns, at most. */
    static final int MAX_EARLY_PACKETS = 64;

    private enum State { CONNECTING, CONNECTED, DISCONNECTED }

    private final String id;
    private final Namespace namespace;
    private final ClientConnection connection;
    private final JsonObject auth;
    private final Map<String, Object> session = new ConcurrentHashMap<>();
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();
    private final AckWaits acks;
    private State state = State.CONNECTING;
    private List<PacketWriter.Outgoing> early = new ArrayList<>();

    SioSocket(String id, Namespace namespace, ClientConnection connection, JsonObject auth) {
        this.id = id;
        this.namespace = namespace;
        this.connection = connection;
        this.auth = auth;
        this.acks = new AckWaits(connection.scheduler());
    }

    /** The socket's id, as the client's {@code socket.id} says it. */
    public String id() {
        return id;
    }

    /** The namespace it is in: {@code namespace().name()} is e.g. {@code "/"} or {@code "/chat"}. */
    public Namespace namespace() {
        return namespace;
    }

    /** The opening HTTP request (headers, query, address): python-socketio's {@code environ}. */
    public EngineRequest handshake() {
        return connection.engine().request();
    }

    /** The CONNECT packet's payload ({@code socket.handshake.auth}); {@code {}} when it had none. */
    public JsonObject auth() {
        return auth;
    }

    /** The Engine.IO connection's sid (shared by this client's sockets in other namespaces). */
    public String engineId() {
        return connection.engine().id();
    }

    /** This client's own state, gone when it disconnects ({@code save_session}/{@code get_session}). Thread-safe. */
    public Map<String, Object> session() {
        return session;
    }

    /** Joins {@code room} (nothing once the socket is gone: it would stay in the room forever). */
    public synchronized void join(String room) {
        if (state != State.DISCONNECTED && rooms.add(room)) {
            namespace.rooms().join(room, this);
        }
    }

    public synchronized void leave(String room) {
        if (rooms.remove(room)) {
            namespace.rooms().leave(room, this);
        }
    }

    /** The rooms this socket is in, its own id's included. */
    public Set<String> rooms() {
        return Set.copyOf(rooms);
    }

    /**
     * Sends one event to this client. Arguments: jakarta.json {@code JsonValue}s, Strings, numbers, booleans, nulls,
     * {@code byte[]}s.
     */
    public void emit(String event, Object... args) {
        send(PacketWriter.event(namespace.name(), Packet.NO_ID, event, Arrays.asList(args)));
    }

    /**
     * Sends an event encoded once for many sockets ({@link Namespace#encode}) to this client.
     *
     * @throws IllegalArgumentException if it was encoded for another namespace
     */
    public void emit(EncodedEvent event) {
        if (event.namespace() != namespace) {
            throw new IllegalArgumentException("an event of " + event.namespace().name() + " emitted in "
                    + namespace.name());
        }
        send(event.packet());
    }

    /**
     * Sends one event and waits for the client's answer: the future completes with the client's ack arguments, or
     * fails with a {@link java.util.concurrent.TimeoutException} after {@code timeout}, or with an
     * {@link IllegalStateException} if the socket disconnects first.
     */
    public CompletableFuture<List<Object>> emitWithAck(String event, Duration timeout, Object... args) {
        AckWaits.Wait wait = acks.open(timeout);
        send(PacketWriter.event(namespace.name(), wait.id(), event, Arrays.asList(args)));
        synchronized (this) {
            if (state == State.DISCONNECTED) { // gone before or while it was sent: ended() may have missed this wait
                acks.failAll("disconnected");
            }
        }
        return wait.answer();
    }

    /** Disconnects this client from the namespace (it gets DISCONNECT); its other namespaces stay. */
    public void disconnect() {
        if (connection.engine().isOpen()) {
            send(PacketWriter.plain(Packet.of(PacketType.DISCONNECT, namespace.name(), null)));
        }
        connection.leave(this, "server namespace disconnect");
    }

    /** Whether the socket is in its namespace (accepted and not yet gone). */
    public synchronized boolean connected() {
        return state == State.CONNECTED;
    }

    @Override
    public String toString() {
        return namespace.name() + "#" + id;
    }

    // --- the protocol core's side ----------------------------------------------------------------------------------

    /**
     * Sends one packet to this client; while its connect handler still runs, the packet waits for the CONNECT answer.
     * A failure here is logged and stays here: a broadcast goes on to the other sockets.
     */
    void send(PacketWriter.Outgoing packet) {
        synchronized (this) {
            if (state == State.DISCONNECTED) {
                return;
            }
            if (state == State.CONNECTING) {
                if (early.size() < MAX_EARLY_PACKETS) {
                    early.add(packet);
                } else {
                    LOG.warning(() -> "event=socketio-early-dropped socket=" + this);
                }
                return;
            }
        }
        connection.send(packet);
    }

    /** The connect handler accepted: CONNECT with the sid goes out, then what it emitted meanwhile, in order. */
    void accepted() {
        synchronized (this) {
            if (state != State.CONNECTING) {
                return; // the connect handler disconnected it
            }
            connection.send(PacketWriter.plain(Packet.of(PacketType.CONNECT, namespace.name(),
                    SocketIoJson.object().add("sid", id).build())));
            early.forEach(connection::send);
            early = null;
            state = State.CONNECTED;
        }
    }

    /** Refused or gone: no more sends, out of every room, waits failed. False if it was gone already. */
    boolean ended(String reason) {
        synchronized (this) {
            if (state == State.DISCONNECTED) {
                return false;
            }
            state = State.DISCONNECTED;
            early = null;
        }
        for (String room : rooms()) {
            leave(room);
        }
        acks.failAll(reason);
        return true;
    }

    /** The client answered the event {@code id}. */
    void answered(long id, List<Object> args) {
        acks.answered(id, args);
    }
}

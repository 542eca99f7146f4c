package dev.parley.socketio;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * One namespace ({@code io.of("/x")}; python-socketio's {@code namespace=} argument): its handlers, its sockets and
 * its rooms. Thread-safe; handlers may be added at any time, usually before clients come.
 */
public final class Namespace {
    private static final Logger LOG = Logger.getLogger(Namespace.class.getName());

    private final String name;
    private final Map<String, SioSocket> sockets = new ConcurrentHashMap<>();
    private final Rooms rooms = new Rooms();
    private final Map<String, Handlers.Event> events = new ConcurrentHashMap<>();
    private volatile Handlers.Connect connect = (socket, auth) -> { };
    private volatile Handlers.Disconnect disconnect = (socket, reason) -> { };
    private volatile NamespaceHandler fallback = new NamespaceHandler() { };

    Namespace(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The connect handler: return to accept, throw {@link ConnectRefused} to refuse. By default all are accepted. */
    public Namespace onConnect(Handlers.Connect handler) {
        this.connect = handler;
        return this;
    }

    public Namespace onDisconnect(Handlers.Disconnect handler) {
        this.disconnect = handler;
        return this;
    }

    /** The handler of event {@code event} (one per name; a second replaces the first). */
    public Namespace on(String event, Handlers.Event handler) {
        events.put(event, handler);
        return this;
    }

    /** Routes this namespace to a class; handlers set with {@link #on} still come first for their events. */
    Namespace handler(NamespaceHandler handler) {
        this.fallback = handler;
        this.connect = handler::onConnect;
        this.disconnect = handler::onDisconnect;
        return this;
    }

    /** The connected socket with this id, if any. */
    public Optional<SioSocket> socket(String id) {
        SioSocket socket = sockets.get(id);
        return socket != null && socket.connected() ? Optional.of(socket) : Optional.empty();
    }

    /** The sockets connected now. */
    public Collection<SioSocket> sockets() {
        return sockets.values().stream().filter(SioSocket::connected).toList();
    }

    /** The members of {@code room} now. */
    public Collection<SioSocket> members(String room) {
        return rooms.members(room).stream().filter(SioSocket::connected).toList();
    }

    /** An emit to the sockets in {@code room} (a socket id is a room too). */
    public Broadcast to(String... room) {
        return new Broadcast(this, List.of(), List.of()).to(room);
    }

    /** An emit to every socket but those in {@code room} (or with that id): python-socketio's {@code skip_sid}. */
    public Broadcast except(String... room) {
        return new Broadcast(this, List.of(), List.of()).except(room);
    }

    /**
     * {@code event} with {@code args} encoded once, for {@link SioSocket#emit(EncodedEvent)} to any number of this
     * namespace's sockets (arguments as {@link SioSocket#emit(String, Object...)} takes them).
     */
    public EncodedEvent encode(String event, Object... args) {
        return new EncodedEvent(this, PacketWriter.event(name, Packet.NO_ID, event, Arrays.asList(args)));
    }

    /** Sends one event to every socket in the namespace. */
    public void emit(String event, Object... args) {
        new Broadcast(this, List.of(), List.of()).emit(event, args);
    }

    // --- the protocol core's side ----------------------------------------------------------------------------------

    Rooms rooms() {
        return rooms;
    }

    Collection<SioSocket> everyone() {
        return sockets.values();
    }

    /** Runs the connect handler for a new socket, which is in the namespace (and its own room) while it runs. */
    void connect(SioSocket socket) {
        sockets.put(socket.id(), socket);
        socket.join(socket.id());
        connect.connect(socket, socket.auth());
    }

    /** The socket is gone (refused, or disconnected with {@code reason}: then the disconnect handler runs). */
    void remove(SioSocket socket, String reason, boolean tell) {
        sockets.remove(socket.id(), socket);
        if (tell) {
            try {
                disconnect.disconnected(socket, reason);
            } catch (RuntimeException e) {
                LOG.warning(() -> "event=socketio-handler-failed nsp=" + name + " handler=disconnect cause=" + e);
            }
        }
    }

    /** One event from a client: its {@link #on} handler, else the class's {@code onEvent}. */
    void event(SioSocket socket, String event, List<Object> args, Ack ack) {
        try {
            Handlers.Event handler = events.get(event);
            if (handler != null) {
                handler.event(socket, args, ack);
            } else {
                fallback.onEvent(socket, event, args, ack);
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> "event=socketio-handler-failed nsp=" + name + " event=" + event + " cause=" + e);
        }
    }
}

package dev.parley.socketio;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.parley.engineio.EngineHandler;
import dev.parley.engineio.EngineSocket;
import dev.parley.engineio.Scheduler;

/**
 * A Socket.IO v5 server on Engine.IO: python-socketio's {@code socketio.Server}. Give it to the Engine.IO server of
 * a path (usually {@code /socket.io/}); declare namespaces with {@link #namespace} (lambdas) or {@link #register}
 * (a class). The main namespace {@code "/"} exists from the start; a CONNECT to a namespace not declared gets
 * {@code CONNECT_ERROR} "Invalid namespace". Thread-safe.
 */
public final class SocketIoServer implements EngineHandler {
    /** The reference server's default: a connection that joins no namespace within this is closed. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(45);

    private final Scheduler scheduler;
    private final Duration connectTimeout;
    private final SocketIoEvents events;
    private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();

    /** A server with the default connect timeout, its timers on {@code scheduler}, logging as it goes. */
    public SocketIoServer(Scheduler scheduler) {
        this(scheduler, DEFAULT_CONNECT_TIMEOUT, SocketIoEvents.LOG);
    }

    public SocketIoServer(Scheduler scheduler, Duration connectTimeout, SocketIoEvents events) {
        this.scheduler = Objects.requireNonNull(scheduler);
        this.connectTimeout = Objects.requireNonNull(connectTimeout);
        this.events = Objects.requireNonNull(events);
        namespace(Packet.MAIN);
    }

    /** The namespace {@code name} ({@code "/"}, {@code "/chat"}), declared now if it was not. */
    public Namespace namespace(String name) {
        if (!name.startsWith("/")) {
            throw new IllegalArgumentException("a namespace starts with '/': " + name);
        }
        return namespaces.computeIfAbsent(name, Namespace::new);
    }

    /** Whether namespace {@code name} is declared ({@code "/"} always is). */
    public boolean declares(String name) {
        return namespaces.containsKey(name);
    }

    /** Declares namespace {@code name} served by a class ({@code register_namespace}). */
    public Namespace register(String name, NamespaceHandler handler) {
        return namespace(name).handler(handler);
    }

    /** The main namespace's {@link Namespace#on}. */
    public Namespace on(String event, Handlers.Event handler) {
        return namespace(Packet.MAIN).on(event, handler);
    }

    /** Sends one event to every socket in the main namespace. */
    public void emit(String event, Object... args) {
        namespace(Packet.MAIN).emit(event, args);
    }

    /** The main namespace's {@link Namespace#to}. */
    public Broadcast to(String... room) {
        return namespace(Packet.MAIN).to(room);
    }

    @Override
    public Connection open(EngineSocket socket) {
        return new ClientConnection(this, socket);
    }

    Namespace lookup(String name) {
        return namespaces.get(name);
    }

    Scheduler scheduler() {
        return scheduler;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    SocketIoEvents events() {
        return events;
    }
}

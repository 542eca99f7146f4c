package dev.parley.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

import dev.parley.admin.Admin;
import dev.parley.broadcast.BroadcastEndpoint;
import dev.parley.chat.ChatConfig;
import dev.parley.chat.ChatEndpoint;
import dev.parley.chat.ChatService;
import dev.parley.chat.PublishApi;
import dev.parley.chat.RoomStore;
import dev.parley.chat.SessionDelivery;
import dev.parley.chat.SocketIoChat;
import dev.parley.echo.EchoEndpoint;
import dev.parley.engineio.EngineConfig;
import dev.parley.engineio.EngineEndpoint;
import dev.parley.engineio.EngineHandler;
import dev.parley.engineio.EngineMetrics;
import dev.parley.engineio.EngineMount;
import dev.parley.engineio.EngineOrigins;
import dev.parley.engineio.EngineServer;
import dev.parley.engineio.Scheduler;
import dev.parley.metrics.Metrics;
import dev.parley.origin.ContainerHandshake;
import dev.parley.origin.OriginCheck;
import dev.parley.origin.OriginPolicy;
import dev.parley.redis.RedisLink;
import dev.parley.redis.RedisRoomStore;
import dev.parley.redis.RedisSettings;
import dev.parley.session.FrameSink;
import dev.parley.session.Limits;
import dev.parley.session.Sessions;
import dev.parley.socketio.SocketIoMetrics;
import dev.parley.socketio.SocketIoServer;

/**
 * The Parley application, whatever container it runs in: the sessions of one WebSocket container, the chat, the
 * endpoints {@code /echo}, {@code /broadcast} and {@code /chat}, and the HTTP {@link #routes()} ({@code /health},
 * {@code /metrics}, the publish API). The embedded server ({@code dev.parley.server.ParleyServer}) and the WAR
 * ({@code dev.parley.war.ParleyWebApp}) each build their container, {@link #deploy} this into it, serve
 * {@link #routes()} through their one adapter, and {@link #stop} it. A new endpoint or route is one line here.
 */
public final class ParleyApp {
    private static final Logger LOG = Logger.getLogger(ParleyApp.class.getName());

    /**
     * What the application takes from its container's settings.
     *
     * @param sinks       where each session's encoded frames go: Tyrus's raw frame path embedded, JSR 356 in the WAR
     * @param bodyTimeout how long an HTTP request body may take to arrive ({@link HttpRoutes})
     * @param retryAfter  what {@code /health}'s {@code Retry-After} says once stopping: about how long a restart takes
     * @param redis       the Redis to connect to ({@link #redis()}); null: none (rooms in memory)
     * @param engines     the Engine.IO servers, each a route and a WebSocket endpoint at its path
     */
    public record Settings(Limits limits, ChatConfig chat, FrameSink.Factory sinks, Duration bodyTimeout,
                           Duration retryAfter, RedisSettings redis, List<EngineMount> engines) {
        public Settings {
            engines = List.copyOf(engines);
        }

        /** Without Engine.IO. */
        public Settings(Limits limits, ChatConfig chat, FrameSink.Factory sinks, Duration bodyTimeout,
                        Duration retryAfter, RedisSettings redis) {
            this(limits, chat, sinks, bodyTimeout, retryAfter, redis, List.of());
        }

        /** Without Redis and Engine.IO. */
        public Settings(Limits limits, ChatConfig chat, FrameSink.Factory sinks, Duration bodyTimeout,
                        Duration retryAfter) {
            this(limits, chat, sinks, bodyTimeout, retryAfter, null);
        }
    }

    /**
     * {@code /socket.io/}'s Engine.IO config from the server's settings: the WebSocket heartbeat's interval and
     * timeout (the reference server's defaults too), {@code maxPayload}, and the slow-client bounds of an outbound
     * queue for the packets held for a polling client.
     */
    public static EngineConfig socketIoConfig(Limits limits, ChatConfig chat, int maxPayload) {
        return new EngineConfig(chat.pingInterval(), chat.pingTimeout(), maxPayload, limits.outboundMaxMessages(),
                limits.outboundMaxBytes());
    }

    /**
     * {@code /socket.io/} as every container serves it: a Socket.IO server with the reference's connect timeout, on
     * the application's Engine.IO timer, counting in its metrics, with the namespaces of {@code namespaceClasses}
     * (the setting {@code socketio-namespaces}: {@code dev.parley.socketio.SocketIoSetup} classes, loaded and made
     * here, once, and set up when the application is built); the chat joins it as namespace {@code /chat}.
     *
     * @throws SetupException for a class that cannot be loaded or made
     */
    public static EngineMount socketIo(EngineConfig config, List<String> namespaceClasses) {
        SocketIoSetups setups = SocketIoSetups.load(namespaceClasses);
        return EngineMount.socketIo(config, (timer, metrics) -> {
            SocketIoServer sio = new SocketIoServer(timer,
                    SocketIoServer.DEFAULT_CONNECT_TIMEOUT, new SocketIoMetrics(metrics));
            setups.setUp(sio);
            return sio;
        });
    }

    /** What a container adds to the shutdown {@link #stop} runs. */
    public interface ContainerStop {
        /** Fields for the {@code event=shutdown-start} line, each {@code " key=value"}. */
        String startFields();

        /**
         * Runs once every session has been sent 1001: waits for the clients as the container can, then stops it.
         * Returns the fields for the {@code event=shutdown-end} line, each {@code " key=value"}.
         */
        String drain();
    }

    private final Sessions sessions;
    private final RedisLink redis;
    private final ChatService<Session> chat;
    private final HttpRoutes routes;
    private volatile boolean stopping;
    private boolean stopped;

    private final List<ServerEndpointConfig> endpoints;
    private final List<EngineServer> engines = new ArrayList<>();
    /** The Engine.IO sessions' heartbeats and close deadlines. */
    private final ScheduledThreadPoolExecutor engineTimer;

    private ParleyApp(Settings settings, OriginPolicy origins, ContainerHandshake handshakes) {
        this.sessions = new Sessions(settings.limits(), settings.sinks());
        sessions.startLiveness(settings.chat().pingInterval(), settings.chat().pingTimeout()); // every endpoint's pings
        this.redis = settings.redis() == null ? null : RedisLink.connect(settings.redis(), sessions.metrics());
        // The room store: Redis with --redis (rooms shared with the other nodes on it), else this server's memory.
        this.chat = new ChatService<>(settings.chat(), sessions.metrics(), new SessionDelivery(sessions),
                redis == null ? RoomStore.inMemory(settings.chat())
                        : new RedisRoomStore(redis, settings.chat()));
        this.engineTimer = engineTimer();
        List<Route> engineRoutes = new ArrayList<>();
        List<ServerEndpointConfig> engineEndpoints = new ArrayList<>();
        for (EngineMount mount : settings.engines()) { // each: a polling route and a WebSocket endpoint, one path
            EngineHandler handler = make(mount);
            if (handler instanceof SocketIoServer sio) { // the chat as its namespace /chat, on the same rooms
                SocketIoChat.serve(sio, chat, settings.limits().maxMessageBytes());
            }
            EngineServer engine = new EngineServer(mount.path(), mount.config(), handler,
                    Scheduler.of(engineTimer), settings.limits().maxSessionsPerAddress(),
                    new EngineMetrics(mount.path(), sessions.metrics()), sessions.outboundBudget(),
                    sessions.inboundBudget());
            EngineOrigins engineOrigins = new EngineOrigins(origins, mount.anyOrigin());
            engines.add(engine);
            engineRoutes.add(new EngineRoute(engine, engineOrigins));
            engineEndpoints.add(EngineEndpoint.config(engine, sessions, engineOrigins, sessions.metrics(), handshakes));
        }
        engineRoutes.addAll(AdminRoute.of(new Admin(settings.chat().adminKey(), settings.chat().publicOrigins(), chat,
                sessions, this::engines, engineTimer))); // /admin and /admin/api/, 404 without an admin key
        this.routes = routes(sessions.metrics(), chat, () -> stopping, settings, redis == null ? null : redis::up,
                engineRoutes);
        sessions.metrics().gauge("parley_engineio_sessions", "Engine.IO sessions open, by transport", "transport",
                Map.of("polling", () -> engines.stream().mapToInt(engine -> engine.size("polling")).sum(),
                        "websocket", () -> engines.stream().mapToInt(engine -> engine.size("websocket")).sum()));
        // The endpoints: a new one is one entry here. Each is made by its configurator with this server's services.
        List<ServerEndpointConfig> all = new ArrayList<>(List.of(
                OriginCheck.deployment(EchoEndpoint.class, EchoEndpoint.PATH, origins, sessions.metrics(), handshakes,
                        () -> new EchoEndpoint(sessions)),
                OriginCheck.deployment(BroadcastEndpoint.class, BroadcastEndpoint.PATH, origins, sessions.metrics(),
                        handshakes, BroadcastEndpoint.factory(sessions)),
                ChatEndpoint.config(sessions, chat, origins, handshakes)));
        all.addAll(engineEndpoints);
        this.endpoints = List.copyOf(all);
    }

    /** What runs on top of {@code mount}; if that fails (a namespace's setup), what was started so far is closed. */
    private EngineHandler make(EngineMount mount) {
        try {
            return mount.top().make(Scheduler.of(engineTimer), sessions.metrics());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static ScheduledThreadPoolExecutor engineTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "parley-engineio-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true); // every pong cancels a ping timeout
        return timer;
    }

    /** The HTTP routes: a new one is one line here. */
    static HttpRoutes routes(Metrics metrics, ChatService<?> chat, BooleanSupplier stopping, Settings settings) {
        return routes(metrics, chat, stopping, settings, null);
    }

    /** {@code redisUp}: whether Redis answers ({@code /health}); null without Redis. */
    static HttpRoutes routes(Metrics metrics, ChatService<?> chat, BooleanSupplier stopping, Settings settings,
                             BooleanSupplier redisUp) {
        return routes(metrics, chat, stopping, settings, redisUp, List.of());
    }

    /** {@code more}: the Engine.IO polling routes. */
    private static HttpRoutes routes(Metrics metrics, ChatService<?> chat, BooleanSupplier stopping,
                                     Settings settings, BooleanSupplier redisUp, List<Route> more) {
        List<Route> all = new ArrayList<>(List.of(
                HealthRoute.of(stopping, redisUp, settings.retryAfter()),
                MetricsRoute.of(metrics),
                new PublishRoute(new PublishApi(chat))));
        all.addAll(more);
        return new HttpRoutes(all, metrics, settings.bodyTimeout());
    }

    /**
     * Builds the sessions (their limits apply from the first session on), the chat and the endpoints, and adds the
     * endpoints to {@code container}, each admitting browsers from {@code origins}; {@code handshakes} is what the
     * container offers a handshake (the client's address, refusal with a status). On failure nothing is left running.
     */
    public static ParleyApp deploy(ServerContainer container, Settings settings, OriginPolicy origins,
                                   ContainerHandshake handshakes) throws DeploymentException {
        ParleyApp app = new ParleyApp(settings, origins, handshakes);
        try {
            for (ServerEndpointConfig endpoint : app.endpoints) {
                container.addEndpoint(endpoint);
            }
        } catch (DeploymentException | RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    /** The endpoints deployed, each with its configurator (an {@code OriginCheck}). */
    public List<ServerEndpointConfig> endpoints() {
        return endpoints;
    }

    public Sessions sessions() {
        return sessions;
    }

    public Metrics metrics() {
        return sessions.metrics();
    }

    /** The Engine.IO servers, one per {@link Settings#engines()} mount, in order. */
    public List<EngineServer> engines() {
        return List.copyOf(engines);
    }

    /** This node's Redis link when {@link Settings#redis()} named one; closed by {@link #close()}. */
    public Optional<RedisLink> redis() {
        return Optional.ofNullable(redis);
    }

    /** The HTTP routes and their body rule, for the container's one adapter. */
    public HttpRoutes routes() {
        return routes;
    }

    /**
     * Stops gracefully (issue 12), once: {@code /health} says {@code STOPPING}, new chat handshakes get 503, every
     * open session gets 1001 "server shutting down" without chat presence (the server goes away for everyone), then
     * the container {@link ContainerStop#drain drains} and stops. One log line when it starts, one when it ends.
     */
    public synchronized void stop(ContainerStop containerStop) {
        if (stopped) {
            return;
        }
        stopped = true;
        stopping = true;
        chat.shutdown();
        int open = sessions.all().size();
        String startFields = containerStop.startFields();
        LOG.info(() -> "event=shutdown-start sessions=" + open + startFields);
        engines.forEach(engine -> engine.closeAll("server shutting down")); // held GETs get 1; WebSockets 1, then close
        sessions.closeAll(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "server shutting down"));
        String endFields = containerStop.drain();
        close();
        LOG.info(() -> "event=shutdown-end sessions_closed=" + open + endFields);
    }

    /** Releases what {@link #deploy} made (the chat's timer, the sessions and their ping sweep), without the shutdown. */
    public void close() {
        chat.close();
        engineTimer.shutdownNow();
        sessions.stop();
        if (redis != null) {
            redis.close();
        }
    }
}

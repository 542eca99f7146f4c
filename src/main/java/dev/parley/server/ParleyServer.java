package dev.parley.server;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.logging.Logger;

import jakarta.websocket.DeploymentException;

import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.ServerConfiguration;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;

import dev.parley.app.ParleyApp;
import dev.parley.app.Route;
import dev.parley.engineio.EngineMount;
import dev.parley.engineio.EngineServer;
import dev.parley.metrics.Metrics;
import dev.parley.origin.OriginPolicy;
import dev.parley.session.FrameSink;
import dev.parley.session.OutboundDeflate;
import dev.parley.wire.DeflatePolicy;

/**
 * The embedded Parley server: Tyrus on a Grizzly listener that Parley builds itself, so the bind address is the
 * one asked for. Serves the page at {@code /}, {@code GET /health}, the publish API under {@code /api/}, and the
 * WebSocket endpoints {@code /echo}, {@code /broadcast} and {@code /chat}, and Engine.IO at {@code /socket.io/}
 * (polling and WebSocket). With {@link Config#tls()} all of it is
 * https and wss on the same port. Connections that have not become WebSockets live under {@link Config#http()}:
 * deadlines and a cap enforced by {@link ConnectionGuard}.
 *
 * <pre>{@code
 * try (ParleyServer server = ParleyServer.start(Config.defaults().withPort(0))) {
 *     URI echo = server.uri("ws", "/echo");
 * }
 * }</pre>
 */
public final class ParleyServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ParleyServer.class.getName());
    private static final String LISTENER = "parley";

    private final Config config;
    private final HttpServer http;
    private final EmbeddedContainer container;
    private final ParleyApp app;
    private final OpenConnections connections;
    private final WireGuard guard;
    private final ScheduledThreadPoolExecutor timer;
    private final ShutdownGate gate;

    private ParleyServer(Config config, HttpServer http, EmbeddedContainer container, ParleyApp app,
                         OpenConnections connections, WireGuard guard, ScheduledThreadPoolExecutor timer,
                         ShutdownGate gate) {
        this.config = config;
        this.http = http;
        this.container = container;
        this.app = app;
        this.connections = connections;
        this.guard = guard;
        this.timer = timer;
        this.gate = gate;
    }

    /**
     * What the handshake negotiates: {@code config}'s deflate, or with {@link Tuning#deflateOnce()} off (a benchmark
     * variant) the same without asking {@code server_no_context_takeover}, so each session keeps a context of its own.
     */
    static DeflateConfig deflate(Config config) {
        DeflateConfig d = config.deflate();
        if (config.tuning().deflateOnce()) {
            return d;
        }
        DeflatePolicy p = d.policy();
        return new DeflateConfig(d.on(), d.threshold(),
                new DeflatePolicy(false, p.clientNoContextTakeover(), p.clientMaxWindowBits()));
    }

    /** The HTTP deadlines' timer: {@link ConnectionGuard}'s checks and {@link RouteHandler}'s body deadlines. */
    private static ScheduledThreadPoolExecutor httpTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "parley-http-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true); // a body that arrives cancels its deadline
        return timer;
    }

    /**
     * Binds {@code config.host():config.port()} and starts serving.
     *
     * @throws java.net.BindException if the address is in use or cannot be bound
     * @throws TlsSetupException if {@link Config#tls()} names a keystore or password file that cannot be used
     * @throws dev.parley.app.SetupException if a class of {@link Config#socketioNamespaces()} cannot be loaded, made
     *         or set up
     */
    public static ParleyServer start(Config config) throws IOException, DeploymentException {
        return start(config, List.of(ParleyApp.socketIo(config.socketio(), config.socketioNamespaces())));
    }

    /** Binds and serves as {@link #start(Config)}, with exactly these Engine.IO servers (none: no Engine.IO). */
    public static ParleyServer start(Config config, List<EngineMount> engines)
            throws IOException, DeploymentException {
        // TLS: loaded first, so a bad keystore fails before anything is started.
        SSLEngineConfigurator tls = config.tls() == null ? null : ServerTls.engine(config.tls());
        EmbeddedContainer container = new EmbeddedContainer(config.limits());
        HttpServer http = new HttpServer();
        NetworkListener listener = new NetworkListener(LISTENER, config.host(), config.port());
        // One origin policy for every endpoint; the port is read per request (port 0 is chosen at bind time).
        OriginPolicy origins = OriginPolicy.forServer(tls != null, config.host(), listener::getPort,
                config.chat().publicOrigins(), config.chat().allowedOrigins());
        ParleyApp app = ParleyApp.deploy(container, new ParleyApp.Settings(config.limits(), config.chat(),
                config.tuning().frames() ? TyrusFrames.sinks(new OutboundDeflate(config.deflate().threshold(),
                        OutboundDeflate.MAX_CONTEXT_DEFLATERS)) : FrameSink::async, config.http().bodyTimeout(),
                config.shutdownGrace(), config.redis(), engines), origins, TyrusHandshake.INSTANCE);
        Metrics metrics = app.metrics();
        // Tuning.io: a read is handled on the selector thread that made it (no hand-off to a worker per read). Nothing
        // Parley runs there blocks (sends go through OutboundQueue); off, Grizzly's worker-thread default.
        listener.getTransport().setIOStrategy(config.tuning().io()
                ? SameThreadIOStrategy.getInstance() : WorkerThreadIOStrategy.getInstance());
        // Upgraded connections live as long as the client wants; Grizzly's keep-alive timeout would cut them (its
        // IdleTimeoutFilter cannot tell them apart). ConnectionGuard gives the ones that have not upgraded deadlines
        // and, the timeout being off, takes that filter out of the chain.
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        if (tls != null) { // TLS: Grizzly's SSL filter goes first in the chain, so WireGuard sees decrypted bytes
            listener.setSecure(true);
            listener.setSSLEngineConfig(tls);
        }
        listener.registerAddOn(new WebSocketAddOn(container, EmbeddedContainer.CONTEXT_PATH));
        WireGuard guard = new WireGuard(config.limits(), metrics, config.tuning().unmask(),
                app.sessions().inboundBudget(), app.sessions().outboundBudget(), deflate(config));
        listener.registerAddOn(guard); // after Tyrus's add-on: it goes just in front of Tyrus's filter
        listener.registerAddOn(new UpgradeCheck(metrics)); // likewise: upgrade requests checked first
        listener.registerAddOn(new CodecBypass()); // upgraded connections' reads skip Grizzly's HTTP codec
        ScheduledThreadPoolExecutor timer = httpTimer();
        ConnectionGuard connectionGuard = new ConnectionGuard(config.http(), metrics, app.routes()::answerTimeout);
        listener.registerAddOn(connectionGuard);
        ShutdownGate gate = new ShutdownGate(metrics, config.shutdownGrace());
        listener.registerAddOn(gate); // after the guard's add-on: it goes just behind the guard
        OpenConnections connections = new OpenConnections();
        listener.getTransport().getConnectionMonitoringConfig().addProbes(connections);
        http.addListener(listener);

        ServerConfiguration routes = http.getServerConfiguration();
        // A body a handler did not read (a refused publish, a POST to /health) is not waited for after the answer:
        // the connection closes, instead of staying open until the client has sent the rest (issue 11).
        routes.setMaxPayloadRemainderToSkip(0);
        // One handler under every route's mapping, in one call (Grizzly keeps one registration per handler).
        routes.addHttpHandler(new RouteHandler(app.routes(), timer),
                app.routes().routes().stream().map(Route::mapping).toArray(String[]::new));
        routes.addHttpHandler(new CLStaticHttpHandler(ParleyServer.class.getClassLoader(), "/webapp/"), "/");

        try {
            http.start();
            connectionGuard.start(timer);
            container.start(EmbeddedContainer.CONTEXT_PATH, listener.getPort());
        } catch (IOException | DeploymentException | RuntimeException e) {
            http.shutdownNow();
            timer.shutdownNow();
            guard.close();
            app.close();
            throw e;
        }
        ParleyServer server = new ParleyServer(config, http, container, app, connections, guard, timer, gate);
        LOG.info(() -> "Parley listening on " + server.uri("http", "/") + " origins=" + origins);
        return server;
    }

    /** The port actually bound (the chosen one when {@link Config#port()} was 0). */
    public int port() {
        return http.getListener(LISTENER).getPort();
    }

    public Config config() {
        return config;
    }

    /** What this server runs (tests reach its parts through it, e.g. its Redis link). */
    ParleyApp app() {
        return app;
    }

    /** The Engine.IO servers, one per path, in the order they were given. */
    public List<EngineServer> engines() {
        return app.engines();
    }

    /** How many tasks Tyrus has ever put on its timer (its idle-timeout scheduler): a per-message cost if it grows. */
    long timerTasksScheduled() {
        return ((ScheduledThreadPoolExecutor) container.getScheduledExecutorService()).getTaskCount();
    }

    /** Whether this server speaks TLS only: https and wss (see {@link Config#tls()}). */
    public boolean secure() {
        return config.tls() != null;
    }

    /**
     * {@code scheme://host:port/path} for this server; {@code 0.0.0.0} is reached through loopback. On a
     * {@link #secure()} server {@code http} gives {@code https} and {@code ws} gives {@code wss}.
     */
    public URI uri(String scheme, String path) {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        if (secure() && (scheme.equals("http") || scheme.equals("ws"))) { // TLS
            scheme += "s";
        }
        return URI.create(scheme + "://" + host + ":" + port() + path);
    }

    /**
     * Stops gracefully (issue 12): from the first moment, new requests other than {@code /health} get 503 with
     * {@code Retry-After} ({@link ShutdownGate}) and {@code /health} says {@code STOPPING}; every open WebSocket gets
     * close code 1001 (going away), without chat presence (the server goes away for everyone); clients get up to
     * {@link Config#shutdownGrace()} to answer, then the listener and Tyrus stop. One log line when it starts, one per
     * session closed ({@code event=close code=1001}), one when it ends ({@link ParleyApp#stop}). Idempotent.
     */
    public void stop() {
        long started = System.nanoTime();
        gate.close();
        app.stop(new ParleyApp.ContainerStop() {
            @Override
            public String startFields() {
                return " connections=" + connections.open() + " grace_ms=" + config.shutdownGrace().toMillis()
                        + " retry_after_s=" + gate.retryAfterSeconds();
            }

            @Override
            public String drain() {
                boolean drained = false;
                try {
                    drained = connections.awaitNone(config.shutdownGrace());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                int left = connections.open();
                container.stop();
                http.shutdownNow();
                timer.shutdownNow();
                guard.close();
                return " connections_cut=" + (drained ? 0 : left) + " refused=" + gate.refused() + " elapsed_ms="
                        + (System.nanoTime() - started) / 1_000_000;
            }
        });
    }

    @Override
    public void close() {
        stop();
    }
}

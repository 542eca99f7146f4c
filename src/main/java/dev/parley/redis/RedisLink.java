package dev.parley.redis;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;

import dev.parley.metrics.Metrics;
import dev.parley.redis.RedisUnavailable.Reason;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

/**
 * This node's connection to Redis: one shared, pipelined Lettuce connection for every command ({@link #call}), one
 * for pub/sub ({@link #pubsub()}), and a probe (INFO, every second) that keeps {@link #up()}, {@link #runId()} and
 * the latency gauge current and connects again when the first connection attempt failed (the node starts while
 * Redis is down: every call fails with {@code disconnected} until Redis is there).
 *
 * <p>Bounded: Lettuce rejects commands while disconnected instead of buffering them (its default would replay them
 * after a reconnect, e.g. a {@code say} its sender was told had failed), cancels those in flight when the connection
 * drops (never re-sent), times every command out after the command timeout and holds at most
 * the in-flight cap plus {@link #REQUEST_QUEUE_MARGIN} commands; on top of that this node may have {@code maxInFlight} calls waiting, more fail at
 * once. A timed-out command was sent and may still run on Redis later (a paused or frozen Redis runs what it had
 * received when it resumes): scripts that must not take effect late should carry their own deadline.
 *
 * <p>The stages {@link #call} returns complete on Lettuce's event loop: what follows them must not block.
 */
public final class RedisLink implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RedisLink.class.getName());
    /**
     * Lettuce's own bound on the commands one connection holds (unsent, or sent and not yet answered: timed-out
     * commands stay until Redis answers them) is the in-flight cap plus this margin (the node's own probes,
     * heartbeats and repairs). It bounds the heap while Redis hangs (SIGSTOP, a long script): the in-flight cap frees
     * a slot at each timeout, this does not, so a frozen Redis holds at most that many commands, then every call is
     * refused at once ({@code overloaded}) until Redis answers.
     */
    static final int REQUEST_QUEUE_MARGIN = 256;
    private static final Duration PROBE_EVERY = Duration.ofSeconds(1);

    private final RedisSettings settings;
    private final Metrics metrics;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI uri;
    private final Semaphore inFlight;
    private final ScheduledExecutorService scheduler;
    private final RedisPubSub pubsub;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile boolean up;
    private volatile String runId = "";
    private volatile long latencyNanos;
    private volatile boolean closed;
    private boolean connectFailureLogged;
    /** Makes the change to down seen (and logged) by one failure only. */
    private final Object downLock = new Object();
    private final FailureLog errorLog = new FailureLog();

    private RedisLink(RedisSettings settings, Metrics metrics, RedisURI uri) {
        this.settings = settings;
        this.metrics = metrics;
        this.uri = uri;
        this.inFlight = new Semaphore(settings.maxInFlight());
        // Reconnect attempts 10 ms apart at first, doubling up to a second (Lettuce's default grows to 30 s): a node
        // works again within about a second of Redis's return, however long it was away.
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(settings.maxInFlight() + REQUEST_QUEUE_MARGIN)
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.timeout()).keepAlive(true).build())
                .build());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                RedisRoomStore.daemon("parley-redis-" + settings.nodeId()));
        this.pubsub = new RedisPubSub(client, uri, scheduler, this::failed);
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                pubsub.connected(handler);
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (handler == connection && !closed) {
                    markDown("disconnected");
                }
            }
        });
        metrics.redis(() -> up ? 1 : 0, () -> latencyNanos / 1e9);
    }

    /**
     * Connects to the settings' Redis (reading the password file, if any, now). Redis being down is not an error:
     * the link keeps trying every second and is {@link #up()} once connected.
     *
     * @throws IllegalArgumentException if the password file cannot be read or is empty
     */
    public static RedisLink connect(RedisSettings settings, Metrics metrics) {
        RedisLink link = new RedisLink(settings, metrics, settings.lettuceUri());
        link.connectNow();
        link.scheduler.execute(link::probe); // run_id and latency at once, then every second
        return link;
    }

    /**
     * One command on the shared connection, within the in-flight cap and the command timeout. Fails (exceptionally,
     * with {@link RedisUnavailable}) at once when over the cap or disconnected, after the timeout when Redis does not
     * answer, and with {@code error} when Redis answers with an error (the cause is Lettuce's exception).
     */
    public <T> CompletionStage<T> call(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
        StatefulRedisConnection<String, String> current = connection;
        if (current == null || closed) {
            return failedStage(new RedisUnavailable(Reason.DISCONNECTED,
                    closed ? "the link is closed" : "not connected to " + settings.safeUri(), null));
        }
        if (!inFlight.tryAcquire()) {
            return failedStage(new RedisUnavailable(Reason.OVERLOADED,
                    settings.maxInFlight() + " commands are already waiting for Redis (the in-flight cap)", null));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        RedisFuture<T> future;
        try {
            future = command.apply(current.async());
        } catch (RuntimeException e) {
            inFlight.release();
            result.completeExceptionally(failed(e));
            return result;
        }
        future.whenComplete((value, failure) -> {
            inFlight.release();
            if (failure == null) {
                up = true;
                result.complete(value);
            } else {
                result.completeExceptionally(failed(failure));
            }
        });
        return result;
    }

    /** The pub/sub connection. */
    public RedisPubSub pubsub() {
        return pubsub;
    }

    /** Whether the last command or probe got an answer (an error reply counts: Redis answered). */
    public boolean up() {
        return up;
    }

    /** The {@code run_id} of the Redis the probe saw last ({@code ""} before the first): new after a Redis restart. */
    public String runId() {
        return runId;
    }

    /** The last probe's round trip. */
    public Duration latency() {
        return Duration.ofNanos(latencyNanos);
    }

    public RedisSettings settings() {
        return settings;
    }

    /** This node's id in Redis (new at every start). */
    public String nodeId() {
        return settings.nodeId();
    }

    public Metrics metrics() {
        return metrics;
    }

    /**
     * Counts and classifies a failure (a Lettuce exception, or one wrapping it). A timeout or a lost connection marks
     * Redis down (logged once, at the change); another failure is logged once a minute per kind. A {@code NOSCRIPT}
     * is not counted: {@link RoomScripts}, the one sender of {@code EVALSHA}, sends the script then ({@code EVAL}).
     */
    RedisUnavailable failed(Throwable failure) {
        RedisUnavailable unavailable = Failures.classify(failure);
        if (unavailable.getCause() instanceof RedisNoScriptException) {
            return unavailable;
        }
        metrics.redisFailure(unavailable.reason());
        if (unavailable.kind() == Reason.TIMEOUT || unavailable.kind() == Reason.DISCONNECTED) {
            markDown(unavailable.reason(), unavailable.getMessage());
        } else {
            errorLog.log(unavailable);
        }
        return unavailable;
    }

    private void markDown(String why) {
        markDown(why, null);
    }

    /** Redis is down: logged at the change from up only, not per failed command. */
    private void markDown(String why, String message) {
        boolean wasUp;
        synchronized (downLock) {
            wasUp = up;
            up = false;
        }
        if (wasUp) {
            LOG.warning(() -> "event=redis-down node=" + settings.nodeId() + " reason=" + why
                    + (message == null ? "" : " message=\"" + message + "\""));
        }
    }

    private void connectNow() {
        try {
            connection = client.connect(StringCodec.UTF8, uri);
            up = true;
            LOG.info(() -> "event=redis-connected node=" + settings.nodeId() + " uri=" + settings.safeUri());
        } catch (RuntimeException e) {
            if (!connectFailureLogged) { // once: the probe tries again every second
                connectFailureLogged = true;
                LOG.warning(() -> "event=redis-down node=" + settings.nodeId() + " uri=" + settings.safeUri()
                        + " reason=connect error=\"" + e.getMessage() + "\"");
            }
        }
        pubsub.connectNow();
    }

    /** INFO server: up, latency, run_id; connects when the first attempt failed. Runs again a second after it ends. */
    private void probe() {
        if (closed) {
            return;
        }
        if (connection == null || !pubsub.isConnected()) {
            if (connection == null) {
                connectNow();
            } else {
                pubsub.connectNow();
            }
        }
        StatefulRedisConnection<String, String> current = connection;
        if (current == null) {
            scheduleProbe();
            return;
        }
        long start = System.nanoTime();
        RedisFuture<String> info;
        try {
            info = current.async().info("server");
        } catch (RuntimeException e) {
            failed(e);
            scheduleProbe();
            return;
        }
        info.whenComplete((text, failure) -> {
            if (failure == null) {
                latencyNanos = System.nanoTime() - start;
                String seen = Failures.runId(text);
                if (!seen.equals(runId) && !runId.isEmpty()) {
                    LOG.warning(() -> "event=redis-restarted node=" + settings.nodeId() + " run_id=" + seen);
                }
                if (!up) {
                    LOG.info(() -> "event=redis-up node=" + settings.nodeId() + " run_id=" + seen);
                }
                runId = seen;
                up = true;
            } else {
                failed(failure);
            }
            scheduleProbe();
        });
    }

    private void scheduleProbe() {
        if (!closed) {
            try {
                scheduler.schedule(this::probe, PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // close() shut the scheduler down meanwhile
            }
        }
    }

    private <T> CompletionStage<T> failedStage(RedisUnavailable failure) {
        return CompletableFuture.failedFuture(failed(failure));
    }

    /** Closes both connections and Lettuce's threads; calls after it fail with {@code disconnected}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        up = false;
        scheduler.shutdownNow();
        pubsub.close();
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
        LOG.info(() -> "event=redis-closed node=" + settings.nodeId());
    }
}

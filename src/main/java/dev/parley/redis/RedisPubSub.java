package dev.parley.redis;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * The node's one pub/sub connection (part of a {@link RedisLink}). Messages of every subscribed channel go to one
 * {@link #listener listener}, called on Lettuce's event loop, one message at a time in the order Redis sent them:
 * it must not block (hand the message to a bounded queue and return), or every channel and command of this
 * connection waits.
 *
 * <p>After the connection was lost and made again, the channels are subscribed again (Lettuce does, and so does this
 * class, to know when Redis confirmed), then the {@link #onReconnect} handlers run: messages published meanwhile
 * were lost, so whoever depends on them repairs from what Redis keeps (a room's stream). They run on the link's
 * scheduler thread, not the event loop; they too should not block for long.
 */
public final class RedisPubSub implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RedisPubSub.class.getName());
    private static final Duration RETRY = Duration.ofMillis(200);

    private final RedisClient client;
    private final RedisURI uri;
    private final ScheduledExecutorService scheduler;
    private final Function<Throwable, RedisUnavailable> failed;
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final List<Runnable> reconnectHandlers = new CopyOnWriteArrayList<>();
    private volatile BiConsumer<String, String> listener = (channel, message) -> { };
    private volatile StatefulRedisPubSubConnection<String, String> connection;
    private volatile boolean closed;

    RedisPubSub(RedisClient client, RedisURI uri, ScheduledExecutorService scheduler,
            Function<Throwable, RedisUnavailable> failed) {
        this.client = client;
        this.uri = uri;
        this.scheduler = scheduler;
        this.failed = failed;
    }

    /**
     * Subscribes to {@code channel}; the stage completes once Redis confirmed (messages published after that reach
     * the listener), or fails with {@link RedisUnavailable}.
     */
    public CompletionStage<Void> subscribe(String channel) {
        channels.add(channel);
        CompletionStage<Void> done = run(connection -> connection.async().subscribe(channel));
        return done.whenComplete((ok, failure) -> {
            if (failure != null) {
                channels.remove(channel);
            }
        });
    }

    /** Unsubscribes from {@code channel}; completes once Redis confirmed. */
    public CompletionStage<Void> unsubscribe(String channel) {
        channels.remove(channel);
        return run(connection -> connection.async().unsubscribe(channel));
    }

    /** The channels subscribed (or being subscribed) to. */
    public Set<String> channels() {
        return Set.copyOf(channels);
    }

    /**
     * The one receiver of every message: {@code (channel, message)}, on Lettuce's event loop. It must not block;
     * what it throws is logged and the next message delivered.
     */
    public void listener(BiConsumer<String, String> receiver) {
        this.listener = receiver;
    }

    /** Runs {@code handler} after every reconnect, once the channels are subscribed again. */
    public void onReconnect(Runnable handler) {
        reconnectHandlers.add(handler);
    }

    /** Whether the connection is open now. */
    public boolean isConnected() {
        StatefulRedisPubSubConnection<String, String> current = connection;
        return current != null && current.isOpen();
    }

    private <T> CompletionStage<T> run(Function<StatefulRedisPubSubConnection<String, String>, RedisFuture<T>> op) {
        StatefulRedisPubSubConnection<String, String> current = connection;
        if (current == null || closed) {
            return CompletableFuture.failedFuture(failed.apply(new RedisUnavailable(
                    RedisUnavailable.Reason.DISCONNECTED, "the pub/sub connection is not open", null)));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            op.apply(current).whenComplete((value, failure) -> {
                if (failure == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(failed.apply(failure));
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(failed.apply(e));
        }
        return result;
    }

    /** Opens the connection if it is not (the first attempt at start, or the probe's while Redis was away). */
    void connectNow() {
        if (connection != null || closed) {
            return;
        }
        try {
            StatefulRedisPubSubConnection<String, String> opened = client.connectPubSub(StringCodec.UTF8, uri);
            opened.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    deliver(channel, message);
                }
            });
            connection = opened;
        } catch (RuntimeException e) {
            LOG.fine(() -> "event=redis-pubsub-down error=\"" + e.getMessage() + "\"");
            return;
        }
        if (!channels.isEmpty() || !reconnectHandlers.isEmpty()) {
            scheduler.execute(this::resubscribe); // a late first connection: same as a reconnect
        }
    }

    /** Lettuce made a connection: if it is this one again (a reconnect), resubscribe, then tell the handlers. */
    void connected(RedisChannelHandler<?, ?> handler) {
        if (handler == connection && !closed) {
            try {
                scheduler.execute(this::resubscribe);
            } catch (RejectedExecutionException closing) {
                // closed meanwhile
            }
        }
    }

    private void resubscribe() {
        if (closed) {
            return;
        }
        String[] wanted = channels.toArray(String[]::new);
        CompletionStage<Void> done = wanted.length == 0 ? CompletableFuture.completedFuture(null)
                : run(current -> current.async().subscribe(wanted));
        done.whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.fine(() -> "event=redis-resubscribe-retry error=\"" + failure.getMessage() + "\"");
                try {
                    scheduler.schedule(this::resubscribe, RETRY.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closing) {
                    // closed meanwhile
                }
                return;
            }
            try {
                scheduler.execute(this::reconnected);
            } catch (RejectedExecutionException closing) {
                // closed meanwhile
            }
        });
    }

    private void reconnected() {
        LOG.info(() -> "event=redis-pubsub-reconnected channels=" + channels.size());
        for (Runnable handler : reconnectHandlers) {
            try {
                handler.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "event=redis-reconnect-handler-failed", e);
            }
        }
    }

    private void deliver(String channel, String message) {
        try {
            listener.accept(channel, message);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "event=redis-listener-failed channel=" + channel, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        StatefulRedisPubSubConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
    }
}

package dev.parley.deploy;

import org.junit.jupiter.api.extension.ExtensionContext;

import dev.parley.redis.RedisProcess;
import dev.parley.redis.RedisSettings;
import dev.parley.server.Config;

/**
 * One {@code redis-server} for the whole test JVM ({@link RedisProcess}), for the {@code redis} target and the
 * {@link TestDeployment#REDIS} deployment: started by the first suite that needs it, stopped when JUnit's run ends
 * (after the app server that may use it, which JUnit closes first, having stored it later).
 */
public final class SharedRedis {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedRedis.class);
    private static RedisProcess redis;

    private SharedRedis() {
    }

    /** Starts the test JVM's Redis if need be; its URI, {@code redis://127.0.0.1:port}. */
    public static synchronized String start(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(RedisProcess.class, key -> {
            RedisProcess started = new RedisProcess();
            started.start();
            redis = started;
            return (ExtensionContext.Store.CloseableResource) SharedRedis::stop;
        });
        return redis.uri();
    }

    /** The URI of the Redis {@link #start} started. */
    public static synchronized String uri() {
        if (redis == null) {
            throw new IllegalStateException("the shared Redis is not started (SharedRedis.start)");
        }
        return redis.uri();
    }

    /**
     * Empties the shared Redis once per test class ({@code context}'s): each class starts from no rooms, as with
     * the in-memory store, where each class gets a server of its own. Only between classes: a class's servers
     * (there may be two) share what they made.
     */
    static void emptyForClass(ExtensionContext context) {
        context.getStore(NAMESPACE).getOrComputeIfAbsent("emptied", key -> {
            cli("FLUSHALL");
            return Boolean.TRUE;
        });
    }

    private static synchronized String cli(String... command) {
        return redis.cli(command);
    }

    private static synchronized void stop() {
        redis.stop();
        redis = null;
    }

    /** {@code config} with its room store on the Redis at {@code uri}. */
    public static Config on(Config config, String uri) {
        return config.withRedis(RedisSettings.of(uri));
    }
}

package dev.parley.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.metrics.Metrics;

/**
 * {@link RedisLink} against a real redis-server ({@link RedisProcess}): commands, and every way Redis can go away
 * (stopped, paused, frozen, the pub/sub connection killed) with the bounds the link promises.
 */
class RedisLinkIT {
    @RegisterExtension
    static final RedisProcess redis = new RedisProcess();

    private static final Duration TIMEOUT = Duration.ofMillis(1000);
    /** The box is loaded: how late a failure may come after its deadline. */
    private static final Duration SLACK = Duration.ofMillis(1500);

    private Metrics metrics;
    private RedisLink link;

    @BeforeEach
    void connect() {
        metrics = new Metrics();
        link = RedisLink.connect(RedisSettings.of(redis.uri()).withTimeout(TIMEOUT), metrics);
        await("link up", link::up);
    }

    @AfterEach
    void close() {
        link.close();
        redis.thaw();
        redis.cli("CLIENT", "UNPAUSE");
    }

    @Test
    void commandsWork() throws Exception {
        assertEquals("OK", get(link.call(c -> c.set("k", "v"))));
        assertEquals("v", get(link.call(c -> c.get("k"))));
        assertEquals(Long.valueOf(1), RedisLinkIT.<Long>get(link.call(c -> c.incr("counter-" + link.nodeId()))));
        assertEquals("v", redis.cli("GET", "k"));
        await("run id", () -> !link.runId().isEmpty());
        assertTrue(redis.cli("INFO", "server").contains("run_id:" + link.runId()));
    }

    static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** The stage's failure, which must be {@link RedisUnavailable}. */
    static RedisUnavailable failure(CompletionStage<?> stage) throws Exception {
        try {
            stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            RedisUnavailable unavailable = RedisUnavailable.in(e);
            assertNotNull(unavailable, "not RedisUnavailable: " + e.getCause());
            return unavailable;
        } catch (TimeoutException e) {
            fail("no answer within 30 s");
        }
        return fail("succeeded");
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 30 s: " + what);
            }
            try {
                Thread.sleep(20); // polling with a deadline, not synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}

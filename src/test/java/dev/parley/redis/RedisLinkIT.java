package dev.parley.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
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
        if (redis.isRunning()) {
            redis.thaw();
        } else {
            redis.restart();
        }
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

    @Test
    void stoppedRedisFailsAtOnceAndWhatWasRefusedIsNotReplayedAfterItsReturn() throws Exception {
        redis.stop();
        await("link down", () -> !link.up());
        long start = System.nanoTime();
        RedisUnavailable refused = failure(link.call(c -> c.incr("replayed")));
        assertEquals("disconnected", refused.reason());
        assertTrue(elapsed(start).compareTo(TIMEOUT) < 0, "not at once: " + elapsed(start));
        assertFalse(link.up());

        redis.restart(); // empty: INCR "replayed" can only be there if the link sent it after the restart
        await("link up again", link::up);
        assertEquals("OK", get(link.call(c -> c.set("after", "1"))));
        assertEquals("1", redis.cli("GET", "after"));
        assertNull(redis.cli("GET", "replayed"));
        assertTrue(scrape().contains("parley_redis_failures_total{reason=\"disconnected\"}"), scrape());
    }

    @Test
    void pausedLongerThanTheTimeoutTimesOutWithinTheTimeout() throws Exception {
        redis.pause(TIMEOUT.plus(SLACK).plusMillis(500));
        long start = System.nanoTime();
        RedisUnavailable late = failure(link.call(c -> c.incr("late")));
        assertEquals("timeout", late.reason());
        Duration took = elapsed(start);
        assertTrue(took.compareTo(TIMEOUT.minusMillis(50)) >= 0 && took.compareTo(TIMEOUT.plus(SLACK)) <= 0,
                "timed out after " + took);
        assertEquals("PONG", redis.cli("PING")); // waits for the pause's end
        // What timed out had been sent: Redis runs it when the pause ends (not a replay by the link). A command that
        // must not take effect late has to carry its own deadline (a script comparing it with TIME).
        await("the timed-out INCR ran after the pause", () -> "1".equals(redis.cli("GET", "late")));
        await("link up after the pause", link::up);
        assertEquals("OK", get(link.call(c -> c.set("k", "after-pause"))));
    }

    @Test
    void frozenRedisTimesOutAndWorksAgainWhenThawed() throws Exception {
        redis.freeze();
        long start = System.nanoTime();
        RedisUnavailable late = failure(link.call(c -> c.get("k")));
        assertEquals("timeout", late.reason());
        assertTrue(elapsed(start).compareTo(TIMEOUT.plus(SLACK)) <= 0, "timed out after " + elapsed(start));
        await("link down while frozen", () -> !link.up());
        redis.thaw();
        await("link up when thawed", link::up);
        assertEquals("OK", get(link.call(c -> c.set("k", "thawed"))));
        assertEquals("thawed", get(link.call(c -> c.get("k"))));
    }

    @Test
    void theInFlightCapRefusesAtOnce() throws Exception {
        try (RedisLink capped = RedisLink.connect(
                RedisSettings.of(redis.uri()).withTimeout(TIMEOUT).withMaxInFlight(2), new Metrics())) {
            await("capped link up", capped::up);
            redis.freeze(); // the first two wait for Redis
            List<CompletionStage<String>> waiting = new ArrayList<>();
            waiting.add(capped.call(c -> c.get("a")));
            waiting.add(capped.call(c -> c.get("b")));
            long start = System.nanoTime();
            RedisUnavailable over = failure(capped.call(c -> c.get("c")));
            assertEquals("overloaded", over.reason());
            assertTrue(elapsed(start).compareTo(Duration.ofMillis(500)) < 0, "not at once: " + elapsed(start));
            for (CompletionStage<String> stage : waiting) {
                assertEquals("timeout", failure(stage).reason());
            }
            redis.thaw();
            await("capped link up again", capped::up);
            assertNull(RedisLinkIT.<String>get(capped.call(c -> c.get("nothing"))));
        }
    }

    @Test
    void aKilledPubSubConnectionReconnectsResubscribesAndTellsItsHandlers() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        AtomicInteger reconnects = new AtomicInteger();
        BlockingQueue<String> subscribersAtReconnect = new LinkedBlockingQueue<>();
        RedisPubSub pubsub = link.pubsub();
        pubsub.listener((channel, message) -> received.add(channel + " " + message));
        pubsub.onReconnect(() -> {
            reconnects.incrementAndGet();
            subscribersAtReconnect.add(redis.cli("PUBLISH", "room", "at-reconnect"));
        });
        get(pubsub.subscribe("room"));
        assertEquals("1", redis.cli("PUBLISH", "room", "before"));
        assertEquals("room before", received.poll(30, TimeUnit.SECONDS));

        assertEquals("1", redis.cli("CLIENT", "KILL", "TYPE", "pubsub"));
        assertEquals("1", subscribersAtReconnect.poll(30, TimeUnit.SECONDS), "subscribed again before the handler");
        assertEquals(1, reconnects.get());
        assertEquals("room at-reconnect", received.poll(30, TimeUnit.SECONDS));
        assertEquals("1", redis.cli("PUBLISH", "room", "after"));
        assertEquals("room after", received.poll(30, TimeUnit.SECONDS));

        get(pubsub.unsubscribe("room"));
        assertEquals("0", redis.cli("PUBLISH", "room", "unheard"));
    }

    @Test
    void theRunIdChangesWhenRedisRestarts() throws Exception {
        await("run id", () -> !link.runId().isEmpty());
        String before = link.runId();
        redis.restart();
        await("a new run id", () -> !link.runId().isEmpty() && !link.runId().equals(before));
        assertTrue(link.up());
        assertTrue(scrape().contains("parley_redis_up 1.0"), scrape());
        assertNotEquals(before, link.runId());
    }

    private String scrape() throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        metrics.write(out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
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

package dev.parley.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.chat.RoomStore;
import dev.parley.metrics.Metrics;
import dev.parley.session.OutboundMessage;

/**
 * Regression (the join refusals of docs/performance.md, 2026-12-02): a room's delivery that takes long (a dispatcher
 * handing a frame to every local member under the feed's lock: hundreds of socket writes on a loaded box) must not
 * hold up Lettuce's event loop. Before the fix the say and join answers took the feed's lock on the event loop, which
 * then read no other answer of the node's connection: every command behind it timed out ({@code unavailable}).
 * Here one member's delivery takes 3 s (its {@code send} waits), the node's command timeout is 1 s.
 */
class RedisEventLoopIT {
    @RegisterExtension
    static final RedisProcess redis = new RedisProcess();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Duration SLOW_SEND = Duration.ofSeconds(3);
    private static final int SAYS = 20;

    private final List<AutoCloseable> opened = new ArrayList<>();
    /** Lets the slow member's send return early at the end of the test (it waits at most {@link #SLOW_SEND}). */
    private final CountDownLatch release = new CountDownLatch(1);

    /** A session whose first message takes {@link #SLOW_SEND} to hand over (a slow fan-out); records its frames. */
    private final class SlowMember implements RoomStore.Member {
        final CountDownLatch blocking = new CountDownLatch(1);
        final List<String> frames = new ArrayList<>();
        final Set<String> rooms = ConcurrentHashMap.newKeySet();

        @Override
        public String id() {
            return "slow-session";
        }

        @Override
        public String user() {
            return "slow";
        }

        @Override
        public String address() {
            return "127.0.0.1";
        }

        @Override
        public void send(OutboundMessage message) {
            if (message.text().contains("\"type\":\"message\"") && blocking.getCount() > 0) {
                blocking.countDown();
                try {
                    release.await(SLOW_SEND.toMillis(), TimeUnit.MILLISECONDS); // the slow delivery, not a sync
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (frames) {
                frames.add(message.text());
            }
        }

        @Override
        public void close(int code, String reason) {
        }

        @Override
        public Set<String> rooms() {
            return rooms;
        }

        @Override
        public boolean isClosed() {
            return false;
        }

        List<String> frames() {
            synchronized (frames) {
                return List.copyOf(frames);
            }
        }
    }

    @AfterEach
    void close() throws Exception {
        release.countDown();
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void aSlowDeliveryDoesNotStallTheNodesRedisCommands() throws Exception {
        RedisLink link = RedisLink.connect(RedisSettings.of(redis.uri()).withNodeId("n-loop").withTimeout(TIMEOUT),
                new Metrics());
        RedisRoomStore node = store(link);
        RedisRoomStore other = store(RedisLink.connect(RedisSettings.of(redis.uri()).withNodeId("n-other"),
                new Metrics()));
        SlowMember slow = new SlowMember();
        get(node.join(slow, "stall", null));

        get(node.publish("warm", "api", "w", Instant.now())); // the say path's classes loaded: answers are quick
        get(other.publish("stall", "api", "m0", Instant.now())); // its delivery on node n-loop takes 3 s
        assertTrue(slow.blocking.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the slow delivery started");

        // Meanwhile says on that node, from threads of their own (a say's answer may be taken on its caller's thread
        // when it came before the caller asked for it), and a command of the node's own.
        ExecutorService callers = Executors.newFixedThreadPool(SAYS);
        try {
            List<Future<CompletionStage<?>>> calls = new ArrayList<>();
            for (int i = 1; i <= SAYS; i++) {
                String text = "m" + i;
                calls.add(callers.submit(() -> node.publish("stall", "api", text, Instant.now())));
            }
            assertEquals("PONG", get(link.call(c -> c.ping())), "a command meanwhile is answered");
            List<CompletionStage<?>> said = new ArrayList<>();
            for (Future<CompletionStage<?>> call : calls) {
                said.add(call.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
            for (CompletionStage<?> stage : said) {
                get(stage); // every say answered (after the slow delivery), none refused unavailable
            }
        } finally {
            callers.shutdownNow();
        }
        List<String> frames = slow.frames();
        assertEquals(SAYS + 1, frames.size(), frames.toString());
        for (int i = 0; i < frames.size(); i++) {
            assertTrue(frames.get(i).contains("\"id\":" + (i + 1) + ","), frames.get(i));
        }
    }

    private RedisRoomStore store(RedisLink link) {
        opened.add(link);
        RedisRoomStore store = new RedisRoomStore(link, 1000, 10_000, RoomFanout.QUEUE);
        opened.add(store);
        store.start(new RoomStore.LocalUsers() {
            @Override
            public Collection<? extends RoomStore.Member> sessionsOf(String user) {
                return List.of();
            }

            @Override
            public Collection<? extends RoomStore.Member> all() {
                return List.of();
            }
        });
        return store;
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}

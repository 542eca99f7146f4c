package dev.parley.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.chat.RoomStore;
import dev.parley.metrics.Metrics;
import dev.parley.session.OutboundMessage;

/**
 * {@link RedisRoomStore} itself on a real redis-server, two stores as two nodes, members that record what they get:
 * a dispatch queue too small to keep up (drops repaired from the log, in order) and a dead node's eviction.
 */
class RedisRoomStoreIT {
    @RegisterExtension
    static final RedisProcess redis = new RedisProcess();

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<AutoCloseable> opened = new ArrayList<>();
    private Metrics metrics;

    /** A session as the store sees it: records its frames and its close. */
    static final class Recorder implements RoomStore.Member {
        final String user;
        final List<String> frames = new ArrayList<>();
        final Set<String> rooms = ConcurrentHashMap.newKeySet();
        volatile int closedWith;

        Recorder(String user) {
            this.user = user;
        }

        @Override
        public String id() {
            return user + "-session";
        }

        @Override
        public String user() {
            return user;
        }

        @Override
        public String address() {
            return "127.0.0.1";
        }

        @Override
        public synchronized void send(OutboundMessage message) {
            frames.add(message.text());
        }

        @Override
        public void close(int code, String reason) {
            closedWith = code;
        }

        @Override
        public Set<String> rooms() {
            return rooms;
        }

        @Override
        public boolean isClosed() {
            return closedWith != 0;
        }

        synchronized List<String> frames() {
            return List.copyOf(frames);
        }
    }

    @BeforeEach
    void metrics() {
        metrics = new Metrics();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private RedisRoomStore node(String id, int queue) {
        return node(id, queue, new Metrics(), 1000);
    }

    private RedisRoomStore node(String id, int queue, Metrics counts, int history) {
        RedisLink link = RedisLink.connect(RedisSettings.of(redis.uri()).withNodeId(id), counts);
        opened.add(link);
        RedisRoomStore store = new RedisRoomStore(link, history, 10_000, queue);
        opened.add(store);
        store.start(new RoomStore.LocalUsers() {
            @Override
            public java.util.Collection<? extends RoomStore.Member> sessionsOf(String user) {
                return List.of();
            }

            @Override
            public java.util.Collection<? extends RoomStore.Member> all() {
                return List.of();
            }
        });
        return store;
    }

    @Test
    void aDispatchQueueTooSmallToKeepUpDropsAndTheFeedRepairsInOrder() throws Exception {
        RedisRoomStore sender = node("n-send", RoomFanout.QUEUE);
        RedisRoomStore slow = node("n-slow", 1, metrics, 1000);
        Recorder reader = new Recorder("reader");
        get(slow.join(reader, "flood", null));
        int count = 2000;
        publish(sender, "flood", count);
        await("all delivered", () -> reader.frames().size() >= count);
        List<String> frames = reader.frames();
        assertEquals(count, frames.size());
        for (int i = 0; i < count; i++) {
            assertTrue(frames.get(i).contains("\"id\":" + (i + 1) + ","), frames.get(i));
        }
        String scrape = scrape();
        assertTrue(scrape.contains("parley_redis_dropped_total") && !scrape.contains("parley_redis_dropped_total 0.0"),
                scrape);
    }

    @Test
    void dropsWhoseIdsWereTrimmedMeanwhileResetTheRoomsSessions() throws Exception {
        RedisRoomStore sender = node("n-trim-send", RoomFanout.QUEUE, new Metrics(), 5);
        RedisRoomStore slow = node("n-trim-slow", 1, new Metrics(), 5);
        Recorder reader = new Recorder("trimmed");
        get(slow.join(reader, "trim", null));
        publish(sender, "trim", 3000);
        await("the session reset", () -> reader.closedWith == RoomFanout.RESET_CODE);
        List<String> frames = reader.frames();
        for (int i = 0; i < frames.size(); i++) { // what it got before: ids 1..k, in order
            assertTrue(frames.get(i).contains("\"id\":" + (i + 1) + ","), frames.get(i));
        }
        assertTrue(frames.size() < 3000);
    }

    @Test
    void aDeadNodesUsersAreEvictedWithPresenceLeaves() throws Exception {
        RedisRoomStore alive = node("n-alive", RoomFanout.QUEUE);
        RedisRoomStore dead = node("n-dead", RoomFanout.QUEUE);
        Recorder ann = new Recorder("ann");
        Recorder ben = new Recorder("ben");
        Recorder benToo = new Recorder("ben");
        assertEquals(List.of("ann"), get(alive.join(ann, "evict", null)).members());
        get(dead.join(ben, "evict", null));
        get(dead.join(benToo, "evict", null));
        await("ben's join seen", () -> ann.frames().size() == 1);
        assertEquals(1L, get(alive.scripts().evict("evict", "n-dead")));
        assertEquals(0L, get(alive.scripts().evict("evict", "n-dead")));
        await("ben's leave seen", () -> ann.frames().size() == 2);
        assertEquals(List.of("{\"type\":\"presence\",\"room\":\"evict\",\"user\":\"ben\",\"event\":\"join\"}",
                "{\"type\":\"presence\",\"room\":\"evict\",\"user\":\"ben\",\"event\":\"leave\"}"), ann.frames());
        assertEquals("ann\n1", redis.cli("HGETALL", "parley:{evict}:members"));
        assertEquals("ann|n-alive\n1", redis.cli("HGETALL", "parley:{evict}:at"));
        assertTrue(get(dead.leave(ben, "evict"))); // its own leave after the eviction changes nothing
        assertEquals("ann\n1", redis.cli("HGETALL", "parley:{evict}:members"));
    }

    @Test
    void aSayWithAnAckSentInSequenceAndHistoryFromTheLog() throws Exception {
        RedisRoomStore one = node("n-one", RoomFanout.QUEUE);
        Recorder cat = new Recorder("cat");
        get(one.join(cat, "seq", "j1"));
        assertEquals(1, get(one.say(cat, "seq", "hello", Instant.parse("2026-12-02T00:00:00Z"))).id());
        assertEquals(2, cat.frames().size(), "ack, then the message before the say completed");
        RoomStore.History history = get(one.history(cat, "seq", 0, 10, null));
        assertEquals(1, history.messages().size());
        assertEquals("hello", history.messages().get(0).text());
        assertTrue(history.complete());
        RoomStore.History reset = get(one.history(cat, "seq", 0, 10, "0000000000000000"));
        assertTrue(reset.reset());
    }

    /** {@code count} messages in bursts of 500, within the link's in-flight cap (1000). */
    private static void publish(RedisRoomStore store, String room, int count) throws Exception {
        for (int sent = 0; sent < count; sent += 500) {
            List<CompletionStage<?>> said = new ArrayList<>();
            for (int i = sent; i < Math.min(count, sent + 500); i++) {
                said.add(store.publish(room, "api", "m" + i, Instant.now()));
            }
            for (CompletionStage<?> stage : said) {
                get(stage);
            }
        }
    }

    private String scrape() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        metrics.write(out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(20);
        }
    }

}

package dev.parley.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.chat.ChatClient;
import dev.parley.metrics.Metrics;
import dev.parley.server.RunningServer;

/**
 * The node side wired into the Redis room store, on two real servers sharing one real redis-server, beating every
 * half second (their {@link RedisSettings#nodeTiming()}; production beats every 5 s) so a crash is found in seconds:
 * a node evicted while alive and a Redis that lost everything see the nodes register again (presence silently), a
 * crashed node's users are announced as left by the other node's reaper within the bound. Whispers right after a
 * connect: {@link RedisWhispersIT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisNodesIT {
    private static final NodeTiming FAST = new NodeTiming(Duration.ofMillis(500), Duration.ofSeconds(3),
            Duration.ofMillis(500));
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    @Order(1)
    static final RedisProcess redis = new RedisProcess();
    @RegisterExtension
    @Order(2)
    static final RunningServer c = node();
    @RegisterExtension
    @Order(3)
    static final RunningServer d = node();

    private static RunningServer node() {
        return new RunningServer(config -> config.withChat(config.chat().withRate(1_000_000, 1_000_000))
                .withRedis(RedisSettings.of(redis.uri()).withNodeTiming(FAST)));
    }

    private static ChatClient client(RunningServer node, String name) throws Exception {
        return ChatClient.connect(node.ws("/chat?name=" + name));
    }

    private static String nodeId(RunningServer node) {
        return node.server().config().redis().nodeId();
    }

    @Test
    @Order(2)
    void aNodeEvictedWhileAliveRegistersAgainWithItsPresenceSilently() throws Exception {
        try (ChatClient carol = client(c, "carol"); ChatClient dave = client(d, "dave")) {
            carol.ok("{\"type\":\"join\",\"room\":\"back\"}");
            dave.ok("{\"type\":\"join\",\"room\":\"back\"}");
            assertEquals("join", carol.next("presence").getString("event"));
            String node = nodeId(d);
            // What a reaper does to a node it found silent (cut off from Redis for a while, then back).
            try (RedisLink reaper = RedisLink.connect(RedisSettings.of(redis.uri()), new Metrics())) {
                assertEquals(1L, new NodeEviction(reaper).evict(node).toCompletableFuture().get());
            }
            JsonObject left = carol.next("presence");
            assertEquals("dave", left.getString("user"));
            assertEquals("leave", left.getString("event"));
            await("d's counts back", () -> "1".equals(redis.cli("HGET", "parley:{back}:at", "dave|" + node))
                    && "1".equals(redis.cli("HGET", "parley:{back}:members", "dave")));
            assertEquals("1", redis.cli("HGET", "parley:user:{dave}", node));
            assertEquals("back", redis.cli("SMEMBERS", "parley:node:{" + node + "}:rooms"));
            assertEquals("[\"carol\",\"dave\"]", dave.ok("{\"type\":\"join\",\"room\":\"back\"}")
                    .getJsonArray("members").toString());
            carol.ok("{\"type\":\"whisper\",\"to\":\"dave\",\"text\":\"still there?\"}");
            assertEquals("still there?", dave.next("whisper").getString("text"));
            // Silently: no presence join went out; the next thing carol gets is dave's message.
            dave.ok("{\"type\":\"say\",\"room\":\"back\",\"text\":\"yes\"}");
            assertEquals("yes", carol.next("message").getString("text"));
            dave.ok("{\"type\":\"leave\",\"room\":\"back\"}");
            assertEquals("leave", carol.next("presence").getString("event"));
            assertEquals("carol", redis.cli("HKEYS", "parley:{back}:members"));
        }
    }

    @Test
    @Order(3)
    void redisRestartedWithoutItsDataNodesRegisterAgainAndWhispersWork() throws Exception {
        try (ChatClient carol = client(c, "carol2"); ChatClient dave = client(d, "dave2")) {
            carol.ok("{\"type\":\"whisper\",\"to\":\"dave2\",\"text\":\"before\"}");
            assertEquals("before", dave.next("whisper").getString("text"));
            redis.restart();
            String sent = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            for (int i = 0; sent == null; i++) { // no_such_user (or unavailable) until d registered again
                assertTrue(System.nanoTime() < deadline, "whispers work again");
                String text = "after " + i;
                JsonObject answer = carol.call("{\"type\":\"whisper\",\"to\":\"dave2\",\"text\":\"" + text + "\"}");
                sent = "ack".equals(answer.getString("type")) ? text : null;
                if (sent == null) {
                    Thread.sleep(50); // polling with a deadline
                }
            }
            String got;
            do { // only a whisper that reached d is acknowledged; at most an unacknowledged one may come before
                got = dave.next("whisper").getString("text");
            } while (!got.equals(sent));
            assertEquals("1", redis.cli("HGET", "parley:user:{dave2}", nodeId(d)));
            await("c registered again", () -> "1".equals(redis.cli("HGET", "parley:user:{carol2}", nodeId(c))));
            dave.ok("{\"type\":\"whisper\",\"to\":\"carol2\",\"text\":\"back\"}");
            assertEquals("back", carol.next("whisper").getString("text"));
        }
    }

    @Test
    @Order(4)
    void aCrashedNodesUsersLeaveOnTheOtherNodesWithinTheBound() throws Exception {
        try (ChatClient carol = client(c, "carol3"); ChatClient dave = client(d, "dave3");
             ChatClient dan = client(d, "dan3")) {
            carol.ok("{\"type\":\"join\",\"room\":\"crash\"}");
            dave.ok("{\"type\":\"join\",\"room\":\"crash\"}");
            dan.ok("{\"type\":\"join\",\"room\":\"crash\"}");
            assertEquals("dave3", carol.next("presence").getString("user"));
            assertEquals("dan3", carol.next("presence").getString("user"));
            String node = nodeId(d);
            long cut = System.nanoTime();
            d.cutRedis(); // d's process as good as gone for Redis: no heartbeat, no leave of its own
            JsonObject first = carol.next("presence");
            JsonObject second = carol.next("presence");
            Duration took = Duration.ofNanos(System.nanoTime() - cut);
            assertEquals("leave", first.getString("event"));
            assertEquals("leave", second.getString("event"));
            assertEquals(java.util.Set.of("dave3", "dan3"),
                    java.util.Set.of(first.getString("user"), second.getString("user")));
            // The bound after the last heartbeat (at most one heartbeat before the cut), and room for a loaded box.
            assertTrue(took.compareTo(FAST.leaveBound().plusSeconds(5)) < 0, "leaves after " + took);
            assertEquals("carol3", redis.cli("HKEYS", "parley:{crash}:members"));
            assertEquals("0", redis.cli("EXISTS", "parley:node:{" + node + "}", "parley:node:{" + node + "}:rooms",
                    "parley:node:{" + node + "}:users"));
            assertEquals("", redis.cli("HGETALL", "parley:user:{dave3}"));
            carol.refused("{\"type\":\"whisper\",\"to\":\"dave3\",\"text\":\"hello?\"}", "no_such_user");
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(20);
        }
    }
}

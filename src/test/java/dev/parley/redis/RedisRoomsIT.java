package dev.parley.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.chat.ChatClient;
import dev.parley.chat.ChatMessage;
import dev.parley.server.RunningServer;

/**
 * Rooms shared by three Parley servers in one JVM through one real redis-server ({@link RedisProcess}): each server
 * has its own {@link RedisLink}, clients are {@link ChatClient}s on real WebSocket connections.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisRoomsIT {
    @RegisterExtension
    @Order(1)
    static final RedisProcess redis = new RedisProcess();
    @RegisterExtension
    @Order(2)
    static final RunningServer a = node();
    @RegisterExtension
    @Order(3)
    static final RunningServer b = node();
    @RegisterExtension
    @Order(4)
    static final RunningServer c = node();

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static RunningServer node() {
        return new RunningServer(config -> config.withChat(config.chat().withRate(1_000_000, 1_000_000))
                .withRedis(RedisSettings.of(redis.uri())));
    }

    private static ChatClient client(RunningServer node, String name) throws Exception {
        return ChatClient.connect(node.ws("/chat?name=" + name));
    }

    @Test
    @Order(1)
    void twoNodesChatInOneRoomWithPresenceHistoryAndTheMemoryStoresFrames() throws Exception {
        try (ChatClient alice = client(a, "alice"); ChatClient bob = client(b, "bob")) {
            JsonObject first = alice.ok("{\"type\":\"join\",\"room\":\"r1\"}");
            assertEquals("[\"alice\"]", first.getJsonArray("members").toString());
            assertEquals(0, first.getInt("last"));
            JsonObject second = bob.ok("{\"type\":\"join\",\"room\":\"r1\"}");
            assertEquals("[\"alice\",\"bob\"]", second.getJsonArray("members").toString());
            assertEquals(first.getString("epoch"), second.getString("epoch"));
            assertEquals("{\"type\":\"presence\",\"room\":\"r1\",\"user\":\"bob\",\"event\":\"join\"}",
                    alice.next("presence").toString());

            assertEquals(1, alice.ok("{\"type\":\"say\",\"room\":\"r1\",\"text\":\"hi bob\"}").getInt("id"));
            JsonObject atAlice = alice.next("message");
            JsonObject atBob = bob.next("message");
            assertEquals(atAlice, atBob);
            ChatMessage said = new ChatMessage("r1", 1, "alice", "hi bob", Instant.parse(atBob.getString("ts")));
            assertEquals(said.toJson().toString(), atBob.toString());
            assertTrue(redis.cli("XRANGE", "parley:{r1}:log", "-", "+").contains(said.toJson().toString()));

            assertEquals(2, bob.ok("{\"type\":\"say\",\"room\":\"r1\",\"text\":\"hi alice\"}").getInt("id"));
            assertEquals(2, alice.next("message").getInt("id"));
            assertEquals(2, bob.next("message").getInt("id"));

            JsonObject history = bob.ok("{\"type\":\"history\",\"room\":\"r1\",\"since\":0}");
            assertEquals(2, history.getJsonArray("messages").size());
            assertEquals(said.toJson(), history.getJsonArray("messages").getJsonObject(0));
            assertTrue(history.getBoolean("complete"));
            assertFalse(history.getBoolean("more"));
            assertEquals(2, history.getInt("last"));
            JsonObject page = alice.ok("{\"type\":\"history\",\"room\":\"r1\",\"since\":0,\"limit\":1}");
            assertTrue(page.getBoolean("more"));
            assertEquals(1, page.getJsonArray("messages").size());

            bob.ok("{\"type\":\"leave\",\"room\":\"r1\"}");
            assertEquals("{\"type\":\"presence\",\"room\":\"r1\",\"user\":\"bob\",\"event\":\"leave\"}",
                    alice.next("presence").toString());
            bob.refused("{\"type\":\"say\",\"room\":\"r1\",\"text\":\"x\"}", "not_member");
            try (ChatClient carol = client(c, "carol")) {
                carol.ok("{\"type\":\"join\",\"room\":\"r1\"}");
                assertEquals("carol", alice.next("presence").getString("user"));
            }
            JsonObject gone = alice.next("presence"); // carol's connection closed: she left, seen on another node
            assertEquals("carol", gone.getString("user"));
            assertEquals("leave", gone.getString("event"));
        }
    }

    @Test
    @Order(2)
    void threeSendersOnThreeNodesEveryReceiverGetsEveryIdOnceInOrder() throws Exception {
        int each = 1000;
        List<ChatClient> clients = new ArrayList<>();
        RunningServer[] nodes = {a, b, c};
        ExecutorService senders = Executors.newFixedThreadPool(3);
        try {
            for (int i = 0; i < 3; i++) {
                ChatClient client = client(nodes[i], "s" + i);
                clients.add(client);
                client.ok("{\"type\":\"join\",\"room\":\"load\"}");
            }
            List<Future<?>> sent = new ArrayList<>();
            for (ChatClient client : clients) {
                sent.add(senders.submit(() -> {
                    for (int n = 0; n < each; n++) { // one at a time: a session may have only 32 requests waiting
                        client.ok("{\"type\":\"say\",\"room\":\"load\",\"text\":\"m" + n + "\"}");
                    }
                    return null;
                }));
            }
            for (Future<?> done : sent) {
                done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            for (ChatClient client : clients) {
                assertEveryId(client, 3 * each);
            }
        } finally {
            senders.shutdownNow();
            for (ChatClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    @Order(2)
    void joinsWhileMessagesFlowGetTheirAckInTheRoomsSequence() throws Exception {
        int count = 400;
        ExecutorService sending = Executors.newSingleThreadExecutor();
        List<ChatClient> joiners = new ArrayList<>();
        try (ChatClient sender = client(a, "flow")) {
            sender.ok("{\"type\":\"join\",\"room\":\"flow\"}");
            Future<?> sent = sending.submit(() -> {
                for (int n = 0; n < count; n++) {
                    sender.ok("{\"type\":\"say\",\"room\":\"flow\",\"text\":\"m" + n + "\"}");
                }
                return null;
            });
            List<Long> lasts = new ArrayList<>();
            for (int i = 0; i < 6; i++) { // on the other nodes, each joining mid-stream (the first ones at least)
                ChatClient joiner = client(i % 2 == 0 ? b : c, "flow" + i);
                joiners.add(joiner);
                lasts.add(joiner.ok("{\"type\":\"join\",\"room\":\"flow\"}").getJsonNumber("last").longValue());
            }
            sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            for (int i = 0; i < joiners.size(); i++) { // after its ack: every id above its last, once, in order
                long expect = lasts.get(i) + 1;
                while (expect <= count) {
                    JsonObject frame = joiners.get(i).next();
                    assertNotEquals("error", frame.getString("type"), frame.toString());
                    if ("message".equals(frame.getString("type"))) {
                        assertEquals(expect++, frame.getJsonNumber("id").longValue(), frame.toString());
                    }
                }
            }
            assertTrue(lasts.get(0) < count, "the first joined while messages flowed");
        } finally {
            sending.shutdownNow();
            for (ChatClient joiner : joiners) {
                joiner.close();
            }
        }
    }

    @Test
    @Order(3)
    void aSubscriberConnectionKilledMidStreamIsRepairedInOrder() throws Exception {
        int count = 600;
        try (ChatClient sender = client(a, "ks"); ChatClient receiver = client(b, "kr")) {
            sender.ok("{\"type\":\"join\",\"room\":\"kill\"}");
            receiver.ok("{\"type\":\"join\",\"room\":\"kill\"}");
            for (int n = 0; n < count; n++) {
                sender.ok("{\"type\":\"say\",\"room\":\"kill\",\"text\":\"m" + n + "\"}");
                if (n == count / 3 || n == 2 * count / 3) {
                    redis.cli("CLIENT", "KILL", "TYPE", "pubsub");
                }
            }
            assertEveryId(receiver, count);
            assertEveryId(sender, count);
        }
    }

    @Test
    @Order(4)
    void aRestartedNodeFindsTheRoomsIdsAndEpochInRedis() throws Exception {
        String epoch;
        try (ChatClient alice = client(a, "ra")) {
            epoch = alice.ok("{\"type\":\"join\",\"room\":\"kept\"}").getString("epoch");
            alice.ok("{\"type\":\"say\",\"room\":\"kept\",\"text\":\"one\"}");
            alice.ok("{\"type\":\"say\",\"room\":\"kept\",\"text\":\"two\"}");
        }
        a.restart();
        try (ChatClient alice = client(a, "ra")) {
            JsonObject joined = alice.ok("{\"type\":\"join\",\"room\":\"kept\"}");
            assertEquals(epoch, joined.getString("epoch"));
            assertEquals(2, joined.getInt("last"));
            assertEquals(3, alice.ok("{\"type\":\"say\",\"room\":\"kept\",\"text\":\"three\"}").getInt("id"));
            JsonObject history = alice.ok("{\"type\":\"history\",\"room\":\"kept\",\"since\":1,\"epoch\":\""
                    + epoch + "\"}");
            assertTrue(history.getBoolean("complete"));
            assertEquals(2, history.getJsonArray("messages").size());
        }
    }

    @Test
    @Order(5)
    void redisPausedPastTheTimeoutAnswersUnavailableAndTheMessageNeverLandsLater() throws Exception {
        try (ChatClient alice = client(b, "pa"); ChatClient bob = client(c, "pb")) {
            alice.ok("{\"type\":\"join\",\"room\":\"paused\"}");
            bob.ok("{\"type\":\"join\",\"room\":\"paused\"}");
            alice.next("presence");
            redis.pause(Duration.ofMillis(4000));
            long start = System.nanoTime();
            alice.refused("{\"type\":\"say\",\"room\":\"paused\",\"text\":\"late\"}", "unavailable");
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4), "answered within the timeout");
            await("Redis unpaused", () -> "PONG".equals(redis.cli("PING")));
            // After the pause: the script ran past its deadline and did nothing; the next say is id 1, seen once.
            assertEquals(1, alice.ok("{\"type\":\"say\",\"room\":\"paused\",\"text\":\"now\"}").getInt("id"));
            JsonObject message = bob.next("message");
            assertEquals("now", message.getString("text"));
            assertEquals("1", redis.cli("XLEN", "parley:{paused}:log"));

            redis.freeze(); // SIGSTOP: no answer at all, until thawed
            try {
                alice.refused("{\"type\":\"say\",\"room\":\"paused\",\"text\":\"frozen\"}", "unavailable");
            } finally {
                redis.thaw();
            }
            await("Redis thawed", () -> "PONG".equals(redis.cli("PING")));
            assertEquals(2, alice.ok("{\"type\":\"say\",\"room\":\"paused\",\"text\":\"after\"}").getInt("id"));
            assertEquals("after", bob.next("message").getString("text"));
            assertEquals("2", redis.cli("XLEN", "parley:{paused}:log"));
        }
    }

    @Test
    @Order(6)
    void redisRestartedWithoutItsDataShowsANewEpochAndHistoryResets() throws Exception {
        ChatClient alice = client(a, "wa");
        String epoch = alice.ok("{\"type\":\"join\",\"room\":\"wiped\"}").getString("epoch");
        alice.ok("{\"type\":\"say\",\"room\":\"wiped\",\"text\":\"before\"}");
        redis.restart();
        assertEquals(RoomFanout.RESET_CODE, alice.awaitClose().getCloseCode().getCode());
        try (ChatClient again = client(a, "wa")) {
            JsonObject joined = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (joined == null && System.nanoTime() < deadline) { // the link reconnects first
                JsonObject answer = again.call("{\"type\":\"join\",\"room\":\"wiped\"}");
                joined = "ack".equals(answer.getString("type")) ? answer : null;
            }
            assertTrue(joined != null, "joined again");
            assertNotEquals(epoch, joined.getString("epoch"));
            assertEquals(0, joined.getInt("last"));
            JsonObject history = again.ok("{\"type\":\"history\",\"room\":\"wiped\",\"since\":1,\"epoch\":\""
                    + epoch + "\"}");
            assertTrue(history.getBoolean("reset"));
            assertFalse(history.getBoolean("complete"));
            assertEquals(joined.getString("epoch"), history.getString("epoch"));
        }
    }

    /** The client's next messages are ids 1..count of one room, each once, in order (other frames skipped). */
    private static void assertEveryId(ChatClient client, int count) throws InterruptedException {
        long expect = 1;
        while (expect <= count) {
            JsonObject frame = client.next();
            assertNotEquals("error", frame.getString("type"), frame.toString());
            if ("message".equals(frame.getString("type"))) {
                assertEquals(expect, frame.getJsonNumber("id").longValue(), frame.toString());
                expect++;
            }
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

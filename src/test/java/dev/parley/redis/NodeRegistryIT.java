package dev.parley.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.metrics.Metrics;
import dev.parley.session.OutboundMessage;

/**
 * Two nodes' registries ({@code a} and {@code b}, two links) on one real {@code redis-server}: whispers across them,
 * the reaper evicting a node that stopped beating, re-registration after Redis lost its data, and a node's own
 * eviction when it stops. Beats every 200 ms, keys expire after 1 s, reaps every 200 ms (the defaults are 5/15/5 s).
 * The rooms' presence keys are written here as the room side's join script would.
 */
class NodeRegistryIT {
    private static final NodeTiming FAST = new NodeTiming(Duration.ofMillis(200), Duration.ofMillis(1000),
            Duration.ofMillis(200));
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String FRAME = "{\"type\":\"whisper\",\"from\":\"ann\",\"text\":\"psst\",\"ts\":\"t\"}";

    @RegisterExtension
    static final RedisProcess redis = new RedisProcess();

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final LocalSessions usersA = new LocalSessions();
    private final LocalSessions usersB = new LocalSessions();
    private final AtomicInteger reregisteredA = new AtomicInteger();
    private final AtomicInteger reregisteredB = new AtomicInteger();
    private RedisLink linkA;
    private RedisLink linkB;
    private NodeRegistry a;
    private NodeRegistry b;

    @BeforeEach
    void twoNodes() throws Exception {
        redis.cli("FLUSHALL");
        linkA = link("a");
        linkB = link("b");
        a = start(linkA, usersA, reregisteredA);
        b = start(linkB, usersB, reregisteredB);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void aWhisperReachesEverySessionOfItsUserOnAnyNodeAndNobodyElse() throws Exception {
        LocalSessions.Session ann = open(a, usersA, "ann");
        LocalSessions.Session bob1 = open(b, usersB, "bob");
        LocalSessions.Session bob2 = open(b, usersB, "bob");
        LocalSessions.Session carol = open(b, usersB, "carol");
        assertEquals("2", redis.cli("HGET", "parley:user:{bob}", "b"));
        assertTrue(whisper(a, "bob"));
        awaitTrue(() -> bob1.sent().equals(List.of(FRAME)) && bob2.sent().equals(List.of(FRAME)), "bob's whisper");
        LocalSessions.Session bobHere = open(a, usersA, "bob"); // now bob is on both nodes
        assertTrue(whisper(b, "bob"));
        awaitTrue(() -> bobHere.sent().equals(List.of(FRAME)), "bob's whisper on a");
        awaitTrue(() -> bob1.sent().size() == 2 && bob2.sent().size() == 2, "bob's second whisper on b");
        assertTrue(whisper(b, "bob")); // a published whisper travels behind the ones before it: wait for it
        awaitTrue(() -> bobHere.sent().size() == 2 && bob1.sent().size() == 3, "the third whisper");
        assertEquals(List.of(), ann.sent());
        assertEquals(List.of(), carol.sent());
    }

    @Test
    void aWhisperToNobodyAnywhereCompletesFalse() throws Exception {
        open(b, usersB, "bob");
        assertFalse(whisper(a, "nobody"));
        redis.cli("HSET", "parley:user:{ghost}", "zz", "1"); // a node without an alive key: never published to
        assertFalse(whisper(a, "ghost"));
        LocalSessions.Session bob = usersB.sessionsOf("bob").stream().map(LocalSessions.Session.class::cast)
                .findFirst().orElseThrow();
        usersB.close(bob);
        b.userChanged("bob");
        awaitTrue(() -> redis.cli("HGET", "parley:user:{bob}", "b") == null, "bob's count on b gone");
        assertFalse(whisper(a, "bob"));
        assertEquals("0", redis.cli("SISMEMBER", "parley:node:{b}:users", "bob"));
    }

    @Test
    void aNodeThatStopsBeatingIsReapedAndItsUsersLeaveTheirRoomsWithinTheBound() throws Exception {
        open(a, usersA, "ann");
        open(b, usersB, "bob");
        open(b, usersB, "bob");
        open(b, usersB, "carol");
        room("lobby", "ann", "a", 1, "bob", "b", 2);
        room("den", "carol", "b", 1);
        await(a.roomJoined("lobby"));
        await(b.roomJoined("lobby"));
        await(b.roomJoined("den"));
        List<String> heard = listen("parley:{lobby}", "parley:{den}");

        long ttl = Long.parseLong(redis.cli("PTTL", "parley:node:{b}"));
        long crashed = System.nanoTime();
        linkB.close(); // b's heartbeats fail from now on: as if it crashed
        awaitTrue(() -> heard.size() == 2, "two leaves");
        long tookMs = (System.nanoTime() - crashed) / 1_000_000;

        assertTrue(tookMs >= ttl - 50, "reaped after " + tookMs + " ms, its key had " + ttl + " ms to live");
        assertTrue(tookMs <= FAST.leaveBound().toMillis() + 5_000, "reaped after " + tookMs + " ms");
        assertTrue(heard.containsAll(List.of(
                "e1 p1 bob {\"type\":\"presence\",\"room\":\"lobby\",\"user\":\"bob\",\"event\":\"leave\"}",
                "e1 p1 carol {\"type\":\"presence\",\"room\":\"den\",\"user\":\"carol\",\"event\":\"leave\"}")),
                heard.toString());
        assertEquals("ann\n1", redis.cli("HGETALL", "parley:{lobby}:members"));
        assertEquals("ann|a\n1", redis.cli("HGETALL", "parley:{lobby}:at"));
        assertEquals("", redis.cli("HGETALL", "parley:{den}:at"));
        assertEquals("", redis.cli("HGETALL", "parley:user:{bob}"));
        assertEquals("a\n1", redis.cli("HGETALL", "parley:user:{ann}"));
        assertEquals("0", redis.cli("EXISTS", "parley:node:{b}", "parley:node:{b}:rooms", "parley:node:{b}:users"));
        assertEquals("a", redis.cli("ZRANGE", "parley:nodes", "0", "-1"));
        assertEquals("1", redis.cli("EXISTS", "parley:node:{a}"));
    }

    @Test
    void afterRedisLostItsDataBothNodesRegisterAgain() throws Exception {
        open(a, usersA, "ann");
        open(b, usersB, "bob");
        open(b, usersB, "bob");
        await(b.roomJoined("lobby"));
        redis.restart();
        awaitTrue(() -> "2".equals(redis.cli("EXISTS", "parley:node:{a}", "parley:node:{b}"))
                && "1".equals(redis.cli("HGET", "parley:user:{ann}", "a"))
                && "2".equals(redis.cli("HGET", "parley:user:{bob}", "b"))
                && reregisteredA.get() > 0 && reregisteredB.get() > 0, "both registered again");
        assertEquals("lobby", redis.cli("SMEMBERS", "parley:node:{b}:rooms"));
        assertEquals("bob", redis.cli("SMEMBERS", "parley:node:{b}:users"));
        assertEquals(List.of("a", "b"), redis.cli("ZRANGE", "parley:nodes", "0", "-1").lines().sorted().toList());
        LocalSessions.Session bob = (LocalSessions.Session) usersB.sessionsOf("bob").iterator().next();
        awaitTrue(() -> {
            try {
                return whisper(a, "bob") && !bob.sent().isEmpty(); // b's subscription is back too
            } catch (Exception notYet) {
                return false;
            }
        }, "a whisper after the restart");
    }

    @Test
    void aNodeReapedWhileCutOffRegistersAgainAloneAndASessionNobodyToldOfIsFoundByTheHeartbeat() throws Exception {
        open(b, usersB, "bob");
        await(b.roomJoined("lobby"));
        usersB.open("dora").rooms().add("den"); // no userChanged, no roomJoined: the registry finds both
        awaitTrue(() -> "1".equals(redis.cli("HGET", "parley:user:{dora}", "b")), "dora registered by a heartbeat");
        // what a reaper leaves of b (b did not hear of it: its link stayed up)
        redis.cli("DEL", "parley:node:{b}", "parley:node:{b}:rooms", "parley:node:{b}:users");
        redis.cli("HDEL", "parley:user:{bob}", "b");
        redis.cli("HDEL", "parley:user:{dora}", "b");
        // at least once: should b stall past its expiry here, a's reaper may evict it for real, and b registers again
        awaitTrue(() -> reregisteredB.get() >= 1 && "1".equals(redis.cli("HGET", "parley:user:{dora}", "b"))
                && "1".equals(redis.cli("HGET", "parley:user:{bob}", "b")), "b registered again");
        assertEquals(List.of("den", "lobby"), redis.cli("SMEMBERS", "parley:node:{b}:rooms").lines().sorted().toList());
        assertEquals(List.of("bob", "dora"),
                redis.cli("SMEMBERS", "parley:node:{b}:users").lines().sorted().toList());
        assertEquals(0, reregisteredA.get());
    }

    @Test
    void aStoppingNodeEvictsItselfAndItsUsersLeave() throws Exception {
        open(a, usersA, "ann");
        open(b, usersB, "bob");
        room("lobby", "ann", "a", 1, "bob", "b", 1);
        await(a.roomJoined("lobby"));
        await(b.roomJoined("lobby"));
        List<String> heard = listen("parley:{lobby}");
        a.close();
        assertEquals("0", redis.cli("EXISTS", "parley:node:{a}", "parley:node:{a}:rooms", "parley:node:{a}:users"));
        assertEquals("", redis.cli("HGETALL", "parley:user:{ann}"));
        assertEquals("bob|b\n1", redis.cli("HGETALL", "parley:{lobby}:at"));
        awaitTrue(() -> heard.size() == 1, "ann's leave");
        assertEquals("e1 p1 ann {\"type\":\"presence\",\"room\":\"lobby\",\"user\":\"ann\",\"event\":\"leave\"}",
                heard.get(0));
        assertEquals("b", redis.cli("ZRANGE", "parley:nodes", "0", "-1"));
    }

    private RedisLink link(String node) {
        RedisLink link = RedisLink.connect(RedisSettings.of(redis.uri()).withNodeId(node), new Metrics());
        opened.add(link);
        return link;
    }

    private NodeRegistry start(RedisLink link, LocalSessions users, AtomicInteger reregistered) throws Exception {
        NodeRegistry registry = new NodeRegistry(link, link.nodeId(), FAST, Clock.systemUTC());
        opened.add(registry);
        link.pubsub().listener(registry::received);
        await(registry.start(users, () -> {
            reregistered.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }));
        return registry;
    }

    private static LocalSessions.Session open(NodeRegistry node, LocalSessions users, String user) {
        LocalSessions.Session session = users.open(user);
        node.userChanged(user);
        String count = Integer.toString(users.sessionsOf(user).size());
        awaitTrue(() -> count.equals(redis.cli("HGET", "parley:user:{" + user + "}", node.node())),
                user + " registered");
        return session;
    }

    /** What the room side's join script leaves: the room's epoch, and per (user, node, sessions) its counts. */
    private static void room(String room, Object... entries) {
        redis.cli("HSET", "parley:{" + room + "}:meta", "epoch", "e1", "last", "0");
        for (int i = 0; i < entries.length; i += 3) {
            String sessions = entries[i + 2].toString();
            redis.cli("HINCRBY", "parley:{" + room + "}:members", (String) entries[i], sessions);
            redis.cli("HSET", "parley:{" + room + "}:at", entries[i] + "|" + entries[i + 1], sessions);
        }
    }

    /** What the channels carry from now on, in order. */
    private List<String> listen(String... channels) throws Exception {
        RedisLink ear = link("ear");
        List<String> heard = new CopyOnWriteArrayList<>();
        ear.pubsub().listener((channel, message) -> heard.add(message));
        for (String channel : channels) {
            await(ear.pubsub().subscribe(channel));
        }
        return heard;
    }

    private boolean whisper(NodeRegistry from, String to) throws Exception {
        return await(from.whisper(to, OutboundMessage.text(FRAME)));
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not in " + WAIT.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(20); // polling Redis with a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}

package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;

import org.junit.jupiter.api.Test;

/**
 * Issue 12, items 1 and 2, without a server: the frames each member is handed, in the order it is handed them (a
 * recording {@link RoomStore.Delivery}), and the epochs of rooms made from a seeded random.
 */
class RoomSequenceTest {
    private static final Instant TS = Instant.parse("2026-12-01T21:00:00Z");
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    /** Per member, what it was handed, in order (each member's list is written under its room's lock). */
    private final Map<ChatSession, List<JsonObject>> handed = new ConcurrentHashMap<>();

    private MemoryRoomStore rooms(long seed) {
        return new MemoryRoomStore(new RoomLimits(1 << 20, 1 << 20, 100, 1000, Duration.ofSeconds(60)), 100,
                (member, message) -> handed.computeIfAbsent(member, m -> new ArrayList<>()).add(parse(message.text())),
                now::get, new Random(seed));
    }

    private static ChatSession member(String user) {
        return new ChatSession(null, user, "10.0.0.1", new TokenBucket(20, 40, 0));
    }

    @Test
    void theJoinAckComesInTheRoomsSequenceBeforeAnythingThatFollowsIt() {
        MemoryRoomStore rooms = rooms(1);
        ChatSession alice = member("alice");
        ChatSession bob = member("bob");
        rooms.join(alice, "lobby", "a1");
        rooms.join(bob, "lobby", "b1");
        rooms.say(bob, "lobby", "hi", TS);
        rooms.join(bob, "lobby", null); // a join without ack: no answer

        List<JsonObject> toAlice = handed.get(alice);
        assertEquals(List.of("ack", "presence", "message"), types(toAlice));
        assertEquals("a1", toAlice.get(0).getString("ack"));
        assertEquals(List.of("alice"), members(toAlice.get(0)));
        assertEquals(0, toAlice.get(0).getJsonNumber("last").longValue());
        assertEquals("bob", toAlice.get(1).getString("user"));
        List<JsonObject> toBob = handed.get(bob);
        assertEquals(List.of("ack", "message"), types(toBob));
        assertEquals(List.of("alice", "bob"), members(toBob.get(0)));
        assertEquals(1, toBob.get(1).getJsonNumber("id").longValue());
    }

    /**
     * Issue 12, item 2: "12 clients joining one room at once [...] gave 14 wrong views out of 120". Here 12 threads
     * join one room at once, 50 times; each member's view (its ack's members, then the presence it was handed
     * after) must be the room's membership.
     */
    @Test
    void everyMembersViewOfConcurrentJoinsIsTheTrueMembership() throws Exception {
        for (int round = 0; round < 50; round++) {
            handed.clear();
            MemoryRoomStore rooms = rooms(round);
            List<ChatSession> members = new ArrayList<>();
            for (int n = 0; n < 12; n++) {
                members.add(member("user" + n));
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> joiners = new ArrayList<>();
            for (ChatSession member : members) {
                Thread joiner = new Thread(() -> {
                    awaitQuietly(start);
                    rooms.join(member, "crowd", "j");
                });
                joiner.start();
                joiners.add(joiner);
            }
            start.countDown();
            for (Thread joiner : joiners) {
                joiner.join(TimeUnit.SECONDS.toMillis(10));
                assertFalse(joiner.isAlive());
            }
            Set<String> truth = new TreeSet<>(members.stream().map(m -> m.user).toList());
            for (ChatSession member : members) {
                assertEquals(truth, view(handed.get(member)), "round " + round + ", " + member.user);
            }
        }
    }

    @Test
    void aRoomMadeAnewHasANewEpochAndAHistoryAskedInTheOldOneIsAReset() {
        Random expected = new Random(42);
        String serverEpoch = HexFormat.of().toHexDigits(expected.nextLong());
        String first = HexFormat.of().toHexDigits(expected.nextLong());
        String second = HexFormat.of().toHexDigits(expected.nextLong());
        MemoryRoomStore rooms = rooms(42);
        assertEquals(serverEpoch, rooms.newEpoch(), "drawn from the random given, in order");

        ChatSession alice = member("alice");
        assertEquals(first, rooms.join(alice, "r", null).epoch());
        rooms.say(alice, "r", "one", TS);
        rooms.say(alice, "r", "two", TS);
        RoomStore.History same = rooms.history(alice, "r", 1, 100, first);
        assertEquals(List.of(2L), same.messages().stream().map(ChatMessage::id).toList());
        assertTrue(same.complete());
        assertFalse(same.reset());
        assertEquals(first, same.epoch());
        assertEquals(2, same.last());

        rooms.closed(alice); // the room, empty, goes after its idle time; made anew, its ids start again
        now.addAndGet(61 * SECOND);
        rooms.sweep();
        ChatSession back = member("alice");
        RoomStore.Joined joined = rooms.join(back, "r", null);
        assertEquals(second, joined.epoch());
        assertNotEquals(first, second);
        assertEquals(0, joined.last());
        rooms.say(back, "r", "new one", TS);

        RoomStore.History reset = rooms.history(back, "r", 2, 100, first);
        assertTrue(reset.reset());
        assertFalse(reset.complete());
        assertEquals(List.of(), reset.messages(), "no message of the new epoch is taken for one of the old");
        assertEquals(second, reset.epoch());
        assertEquals(1, reset.last());
        RoomStore.History fresh = rooms.history(back, "r", 0, 100, second);
        assertFalse(fresh.reset());
        assertTrue(fresh.complete());
        assertEquals(List.of("new one"), fresh.messages().stream().map(ChatMessage::text).toList());
    }

    /** The ack's members, then each presence handed after it. */
    private static Set<String> view(List<JsonObject> frames) {
        assertEquals("ack", frames.get(0).getString("type"), "the ack comes first: " + frames);
        Set<String> view = new LinkedHashSet<>(members(frames.get(0)));
        for (JsonObject frame : frames.subList(1, frames.size())) {
            assertEquals("presence", frame.getString("type"));
            if (frame.getString("event").equals("join")) {
                assertTrue(view.add(frame.getString("user")), frame.getString("user") + " was there already");
            } else {
                view.remove(frame.getString("user"));
            }
        }
        return new TreeSet<>(view);
    }

    private static List<String> members(JsonObject ack) {
        return ack.getJsonArray("members").getValuesAs(JsonString::getString);
    }

    private static List<String> types(List<JsonObject> frames) {
        return frames.stream().map(f -> f.getString("type")).toList();
    }

    private static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

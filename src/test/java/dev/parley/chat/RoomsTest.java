package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The rooms without a server: members are plain {@link ChatSession}s, time is a counter. */
class RoomsTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final Instant TS = Instant.parse("2026-12-01T20:00:00Z");
    private static final String TEXT = "x".repeat(100);
    /** What one message of alice's costs the history: the text, her name and the overhead. */
    private static final long COST = 100 + "alice".length() + ChatMessage.OVERHEAD_BYTES;

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final Map<ChatSession, Integer> delivered = new ConcurrentHashMap<>();

    private MemoryRoomStore rooms(long historyBytes, long totalBytes, int maxRooms, int perMinute) {
        return new MemoryRoomStore(
                new RoomLimits(historyBytes, totalBytes, maxRooms, perMinute, Duration.ofSeconds(60)), 1000, (member, message) -> delivered.merge(member, 1, Integer::sum), now::get,
                new Random(12));
    }

    private static ChatSession member(String user, String address) {
        return new ChatSession(null, user, address, new TokenBucket(20, 40, 0));
    }

    @Test
    void aRoomKeepsItsNewestMessagesWithinItsBytes() {
        MemoryRoomStore rooms = rooms(3 * COST, 100 * COST, 10, 10);
        ChatSession alice = member("alice", "a");
        rooms.join(alice, "r", null);
        for (int n = 0; n < 5; n++) {
            rooms.say(alice, "r", TEXT, TS);
        }
        RoomStore.History history = rooms.history(alice, "r", 0, 100, null);
        assertEquals(List.of(3L, 4L, 5L), history.messages().stream().map(ChatMessage::id).toList());
        assertFalse(history.complete(), "messages 1 and 2 are gone");
        assertTrue(rooms.history(alice, "r", 2, 100, null).complete());
        assertEquals(3 * COST, rooms.historyBytes());
    }

    /** The room hands each message to the sessions in it when it is said: joins and leaves in between count. */
    @Test
    void aMessageReachesEverySessionInTheRoomAtThatMomentOnce() {
        Map<ChatSession, Integer> messages = new ConcurrentHashMap<>();
        MemoryRoomStore rooms = new MemoryRoomStore(new RoomLimits(100 * COST, 100 * COST, 10, 10,
                Duration.ofSeconds(60)), 1000, (member, frame) -> {
                    if (frame.text().contains("\"type\":\"message\"")) {
                        messages.merge(member, 1, Integer::sum);
                    }
                }, now::get, new Random(12));
        ChatSession alice = member("alice", "a");
        ChatSession bob = member("bob", "a");
        ChatSession bobAgain = member("bob", "a"); // a second session of the same user
        rooms.join(alice, "r", null);
        rooms.say(alice, "r", TEXT, TS);
        rooms.join(bob, "r", null);
        rooms.join(bobAgain, "r", null);
        rooms.say(bob, "r", TEXT, TS);
        rooms.leave(alice, "r");
        rooms.say(bob, "r", TEXT, TS);
        rooms.join(alice, "r", null);
        rooms.say(bob, "r", TEXT, TS);
        assertEquals(Map.of(alice, 3, bob, 3, bobAgain, 3), messages);
    }

    @Test
    void overTheTotalTheLargestRoomGivesUpItsOldestAndTheSmallRoomKeepsAll() {
        MemoryRoomStore rooms = rooms(6 * COST, 6 * COST, 10, 10);
        ChatSession alice = member("alice", "a");
        rooms.join(alice, "small", null);
        rooms.join(alice, "big", null);
        rooms.say(alice, "small", TEXT, TS);
        for (int n = 0; n < 8; n++) {
            rooms.say(alice, "big", TEXT, TS);
        }
        rooms.say(alice, "small", TEXT, TS); // tips the total over: "big" still pays
        assertEquals(6 * COST, rooms.historyBytes());
        assertEquals(List.of(1L, 2L), rooms.history(alice, "small", 0, 100, null).messages().stream()
                .map(ChatMessage::id).toList());
        assertEquals(List.of(5L, 6L, 7L, 8L), rooms.history(alice, "big", 0, 100, null).messages().stream()
                .map(ChatMessage::id).toList());
    }

    @Test
    void theServerCapRefusesNewRoomsButExistingOnesStayJoinable() {
        MemoryRoomStore rooms = rooms(COST, COST, 2, 100);
        ChatSession alice = member("alice", "a");
        rooms.join(alice, "lobby", null);
        rooms.join(alice, "other", null);
        RequestRejected full = assertThrows(RequestRejected.class, () -> rooms.join(alice, "third", null));
        assertEquals("server_full", full.code());
        assertEquals("this server holds its maximum of 2 rooms; join an existing room or try later",
                full.getMessage());
        assertFalse(alice.rooms.contains("third"));
        assertEquals(List.of("alice", "bob"), rooms.join(member("bob", "b"), "lobby", null).members());
        assertEquals(2, rooms.size());
    }

    @Test
    void anAddressOverItsBudgetIsRefusedAndOthersAreNot() {
        MemoryRoomStore rooms = rooms(COST, COST, 100, 2);
        ChatSession mallory = member("mallory", "10.0.0.66");
        rooms.join(mallory, "m1", null);
        rooms.join(mallory, "m2", null);
        RequestRejected refused = assertThrows(RequestRejected.class, () -> rooms.join(mallory, "m3", null));
        assertEquals("too_many_new_rooms", refused.code());
        assertEquals("one address may create at most 2 rooms a minute; try again in 30 s or join an existing room",
                refused.getMessage());
        rooms.join(member("alice", "10.0.0.1"), "a1", null);
        rooms.join(mallory, "a1", null); // joining a room that exists costs nothing
        now.addAndGet(30 * SECOND);
        rooms.join(mallory, "m3", null);
        assertEquals(4, rooms.size());
    }

    @Test
    void anEmptyRoomWithoutHistoryGoesAtOnceAndOneWithHistoryAfterTheIdleTimeout() {
        MemoryRoomStore rooms = rooms(10 * COST, 10 * COST, 10, 10);
        ChatSession alice = member("alice", "a");
        rooms.join(alice, "quiet", null);
        rooms.join(alice, "talk", null);
        rooms.say(alice, "talk", TEXT, TS);
        assertTrue(rooms.leave(alice, "quiet"));
        assertEquals(1, rooms.size());
        rooms.closed(alice);
        rooms.sweep();
        assertEquals(1, rooms.size(), "history kept for the idle timeout");
        now.addAndGet(60 * SECOND);
        rooms.sweep();
        assertEquals(0, rooms.size());
        assertEquals(0, rooms.historyBytes());
    }

    @Test
    void aRoomMadeAnewStartsItsIdsAgainAndAResumeFromBeyondThemIsNotComplete() {
        MemoryRoomStore rooms = rooms(10 * COST, 10 * COST, 10, 10);
        ChatSession alice = member("alice", "a");
        rooms.join(alice, "r", null);
        rooms.say(alice, "r", TEXT, TS);
        rooms.say(alice, "r", TEXT, TS);
        rooms.closed(alice);
        now.addAndGet(60 * SECOND);
        rooms.sweep();
        ChatSession back = member("alice", "a");
        assertEquals(0, rooms.join(back, "r", null).last());
        RoomStore.History resumed = rooms.history(back, "r", 2, 100, null);
        assertFalse(resumed.complete());
        assertEquals(List.of(), resumed.messages());
    }

    /**
     * Issue 11, finding 8: a connection closed on another thread while it joins must not stay a member. Many joins
     * race a close; afterwards no room may hold the closed member, and every room it made is gone.
     */
    @Test
    void aCloseRacingJoinsLeavesNoMemberBehind() throws Exception {
        MemoryRoomStore rooms = rooms(COST, COST, 10_000, 10_000);
        for (int round = 0; round < 100; round++) {
            ChatSession member = member("racer", "a");
            CountDownLatch start = new CountDownLatch(1);
            int joins = 20;
            Thread joiner = new Thread(() -> {
                awaitQuietly(start);
                for (int n = 0; n < joins; n++) {
                    rooms.join(member, "race" + n, null);
                }
            });
            joiner.start();
            start.countDown();
            for (int spin = 0; spin < round % 50; spin++) {
                Thread.onSpinWait();
            }
            rooms.closed(member);
            joiner.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(joiner.isAlive());
            for (int n = 0; n < joins; n++) {
                ChatSession probe = member("probe", "b");
                List<String> members = rooms.join(probe, "race" + n, null).members();
                assertEquals(List.of("probe"), members, "round " + round + ", room race" + n);
                rooms.closed(probe);
            }
            assertEquals(0, rooms.size(), "round " + round);
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

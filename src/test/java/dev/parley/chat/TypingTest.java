package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/** The typing event without a server ({@link Typing} on the in-memory rooms): who gets it, its rate, not kept. */
class TypingTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final Map<ChatSession, List<String>> typingFrames = new ConcurrentHashMap<>();
    private final MemoryRoomStore rooms = new MemoryRoomStore(
            new RoomLimits(1 << 20, 1 << 24, 10, 10, Duration.ofSeconds(60)), 100, (member, message) -> {
                if (message.text().contains("\"typing\"")) {
                    typingFrames.computeIfAbsent(member, m -> new CopyOnWriteArrayList<>()).add(message.text());
                }
            }, now::get, new Random(17));
    private final Typing typing = new Typing(rooms, now::get);

    private static ChatSession member(String user) {
        return new ChatSession(null, user, "127.0.0.1", new TokenBucket(20, 40, 0));
    }

    private JsonObject type(ChatSession member, String room) {
        return typing.typing(member, new ChatRequest.Typing("t", room)).toCompletableFuture().join().build();
    }

    private List<String> got(ChatSession member) {
        return typingFrames.getOrDefault(member, List.of());
    }

    @Test
    void itReachesTheOtherUsersOnlyAndIsNeverKept() {
        ChatSession alice = member("alice");
        ChatSession aliceOnHerPhone = member("alice");
        ChatSession bob = member("bob");
        for (ChatSession member : List.of(alice, aliceOnHerPhone, bob)) {
            rooms.join(member, "r", null);
        }
        JsonObject answer = type(alice, "r");
        assertEquals("{\"type\":\"ack\",\"room\":\"r\",\"sent\":true}", answer.toString());
        assertEquals(List.of("{\"type\":\"typing\",\"room\":\"r\",\"user\":\"alice\"}"), got(bob));
        assertEquals(List.of(), got(alice), "not to the sender");
        assertEquals(List.of(), got(aliceOnHerPhone), "not to the sender's other sessions");
        RoomStore.History history = rooms.history(bob, "r", 0, 100, null);
        assertEquals(List.of(), history.messages());
        assertEquals(0, history.last(), "no id taken");
    }

    @Test
    void oneEveryTwoSecondsPerSessionIsPassedOnTheRestDropped() {
        ChatSession alice = member("alice");
        ChatSession bob = member("bob");
        rooms.join(alice, "r", null);
        rooms.join(bob, "r", null);
        assertEquals(Duration.ofSeconds(2), Typing.MIN_INTERVAL);
        assertTrue(type(alice, "r").getBoolean("sent"));
        now.addAndGet(2 * SECOND - 1);
        assertEquals("{\"type\":\"ack\",\"room\":\"r\",\"sent\":false}", type(alice, "r").toString());
        assertEquals(1, got(bob).size(), "the second was dropped");
        assertTrue(type(bob, "r").getBoolean("sent"), "another session has its own interval");
        now.addAndGet(1);
        assertTrue(type(alice, "r").getBoolean("sent"));
        assertEquals(2, got(bob).size());
    }

    @Test
    void notInTheRoomIsRefusedAndDoesNotSpendTheInterval() {
        ChatSession carol = member("carol");
        ChatSession bob = member("bob");
        rooms.join(bob, "r", null);
        CompletionException refused = assertThrows(CompletionException.class,
                () -> typing.typing(carol, new ChatRequest.Typing("t", "r")).toCompletableFuture().join());
        assertEquals("not_member", assertInstanceOf(RequestRejected.class, refused.getCause()).code());
        rooms.join(carol, "r", null);
        assertTrue(type(carol, "r").getBoolean("sent"));
        assertEquals(1, got(bob).size());
    }
}

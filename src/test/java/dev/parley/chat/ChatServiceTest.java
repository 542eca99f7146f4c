package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.parley.chat.RecordingDelivery.Peer;
import dev.parley.metrics.Metrics;

/**
 * The chat without a server: connections are {@link Peer}s, what the chat sends to each is recorded by a
 * {@link RecordingDelivery}, time stands still unless a test moves it. Requests go in as the text a client sends.
 */
class ChatServiceTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final Instant NOW = Instant.parse("2026-12-01T22:00:00Z");
    private static final String SECRET = "0123456789abcdef";

    private final AtomicLong nanos = new AtomicLong(1_000 * SECOND);
    private final AtomicInteger peers = new AtomicInteger();
    private final RecordingDelivery delivery = new RecordingDelivery(1024, 1 << 20);
    private final Metrics metrics = new Metrics();
    private ChatService<Peer> chat;

    private ChatService<Peer> chat(ChatConfig config) {
        MemoryRoomStore rooms = new MemoryRoomStore(config.rooms(), config.historySize(), ChatSession::send,
                nanos::get, new Random(13));
        chat = new ChatService<>(config, metrics, delivery, rooms, Clock.fixed(NOW, ZoneOffset.UTC), nanos::get);
        return chat;
    }

    @AfterEach
    void stop() {
        if (chat != null) {
            chat.close();
        }
    }

    /** A connection of {@code user}, opened and welcomed; its welcome is taken. */
    private Peer open(String user) {
        Peer peer = new Peer("s" + peers.incrementAndGet());
        assertTrue(chat.opened(peer, user, "10.0.0.1"));
        assertEquals("welcome", delivery.take(peer).get(0).getString("type"));
        return peer;
    }

    /** A request in the client's words, single quotes for double. */
    private void send(Peer from, String request) {
        chat.received(from, request.replace('\'', '"'));
    }

    private static List<String> types(List<JsonObject> frames) {
        return frames.stream().map(frame -> frame.getString("type")).toList();
    }

    private static List<String> members(JsonObject ack) {
        return ack.getJsonArray("members").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private double metric(String sample) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1));
            }
        }
        return 0;
    }

    @Test
    void theWelcomeNamesTheUserTheSessionAndTheServersEpoch() {
        chat(ChatConfig.DEFAULTS);
        Peer alice = new Peer("abc");
        assertTrue(chat.opened(alice, "alice", "10.0.0.1"));
        JsonObject welcome = delivery.sent(alice).get(0);
        assertEquals("alice", welcome.getString("user"));
        assertEquals("abc", welcome.getString("session"));
        assertTrue(welcome.getString("epoch").matches("[0-9a-f]{16}"), welcome.toString());
    }

    @Test
    void aJoinIsAnsweredInTheRoomsSequenceAndAnnouncedOncePerUser() {
        chat(ChatConfig.DEFAULTS.withAuthSecret(SECRET)); // auth mode: one user may hold several sessions
        Peer alice = open("alice");
        Peer bob = open("bob");
        Peer bobsTab = open("bob");
        send(alice, "{'type':'join','room':'lobby','ack':'a1'}");
        send(bob, "{'type':'join','room':'lobby','ack':'b1'}");
        send(bobsTab, "{'type':'join','room':'lobby'}"); // no ack: no answer; a second session of bob: no presence

        List<JsonObject> toAlice = delivery.sent(alice);
        assertEquals(List.of("ack", "presence"), types(toAlice));
        assertEquals("a1", toAlice.get(0).getString("ack"));
        assertEquals(List.of("alice"), members(toAlice.get(0)));
        assertEquals(0, toAlice.get(0).getInt("last"));
        assertEquals("bob", toAlice.get(1).getString("user"));
        assertEquals("join", toAlice.get(1).getString("event"));
        JsonObject bobsAck = delivery.sent(bob).get(0);
        assertEquals(List.of("alice", "bob"), members(bobsAck));
        assertEquals(toAlice.get(0).getString("epoch"), bobsAck.getString("epoch"));
        assertEquals(List.of(), delivery.sent(bobsTab));
    }

    @Test
    void aMessageGoesToEveryMemberSenderIncludedThenItsAckWithTheId() {
        chat(ChatConfig.DEFAULTS);
        Peer alice = open("alice");
        Peer bob = open("bob");
        send(alice, "{'type':'join','room':'lobby'}");
        send(bob, "{'type':'join','room':'lobby'}");
        delivery.take(alice);
        send(alice, "{'type':'say','room':'lobby','text':'hi','ack':'s1'}");
        send(bob, "{'type':'say','room':'lobby','text':'hello'}");

        List<JsonObject> toAlice = delivery.sent(alice);
        assertEquals(List.of("message", "ack", "message"), types(toAlice));
        assertEquals(1, toAlice.get(0).getInt("id"));
        assertEquals("alice", toAlice.get(0).getString("from"));
        assertEquals("hi", toAlice.get(0).getString("text"));
        assertEquals(NOW.toString(), toAlice.get(0).getString("ts"));
        assertEquals("s1", toAlice.get(1).getString("ack"));
        assertEquals(1, toAlice.get(1).getInt("id"));
        assertEquals("lobby", toAlice.get(1).getString("room"));
        assertEquals(2, toAlice.get(2).getInt("id"));
        assertEquals(List.of(1, 2), delivery.sent(bob, "message").stream().map(m -> m.getInt("id")).toList());
    }

    @Test
    void sayingHistoryOrLeavingOutsideARoomIsNotMember() {
        chat(ChatConfig.DEFAULTS);
        Peer alice = open("alice");
        send(alice, "{'type':'say','room':'lobby','text':'hi','ack':'1'}");
        send(alice, "{'type':'history','room':'lobby','ack':'2'}");
        send(alice, "{'type':'leave','room':'lobby','ack':'3'}");
        List<JsonObject> errors = delivery.sent(alice);
        assertEquals(List.of("error", "error", "error"), types(errors));
        for (int i = 0; i < 3; i++) {
            assertEquals(Integer.toString(i + 1), errors.get(i).getString("ack"));
            assertEquals("not_member", errors.get(i).getString("code"));
        }
    }

    @Test
    void historyAnswersOnePageWithTheRoomsEpochAndResetsAnotherEpoch() {
        chat(ChatConfig.DEFAULTS);
        Peer alice = open("alice");
        send(alice, "{'type':'join','room':'lobby','ack':'j'}");
        String epoch = delivery.take(alice).get(0).getString("epoch");
        for (int n = 0; n < 3; n++) {
            send(alice, "{'type':'say','room':'lobby','text':'m" + n + "'}");
        }
        delivery.take(alice);
        send(alice, "{'type':'history','room':'lobby','since':1,'limit':1,'epoch':'" + epoch + "','ack':'h'}");
        JsonObject page = delivery.take(alice).get(0);
        assertEquals("h", page.getString("ack"));
        assertEquals(List.of(2), page.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                .map(m -> m.getInt("id")).toList());
        assertTrue(page.getBoolean("more"));
        assertTrue(page.getBoolean("complete"));
        assertFalse(page.getBoolean("reset"));
        assertEquals(3, page.getInt("last"));
        assertEquals(epoch, page.getString("epoch"));

        send(alice, "{'type':'history','room':'lobby','since':1,'epoch':'0000000000000000','ack':'r'}");
        JsonObject reset = delivery.take(alice).get(0);
        assertTrue(reset.getBoolean("reset"));
        assertFalse(reset.getBoolean("complete"));
        assertTrue(reset.getJsonArray("messages").isEmpty());
        assertEquals(epoch, reset.getString("epoch"));
    }

    @Test
    void aHistoryPageStaysWithinAQuarterOfTheOutboundBound() {
        RecordingDelivery small = new RecordingDelivery(1024, 4096); // pages of 1 KiB
        MemoryRoomStore rooms = new MemoryRoomStore(ChatConfig.DEFAULTS.rooms(), 1000, ChatSession::send, nanos::get,
                new Random(1));
        chat = new ChatService<>(ChatConfig.DEFAULTS, metrics, small, rooms, Clock.fixed(NOW, ZoneOffset.UTC),
                nanos::get);
        Peer alice = new Peer("a");
        chat.opened(alice, "alice", "10.0.0.1");
        send(alice, "{'type':'join','room':'lobby'}");
        for (int n = 0; n < 10; n++) {
            send(alice, "{'type':'say','room':'lobby','text':'" + "x".repeat(300) + "'}");
        }
        small.take(alice);
        send(alice, "{'type':'history','room':'lobby','ack':'h'}");
        JsonObject page = small.take(alice).get(0);
        assertEquals(2, page.getJsonArray("messages").size(), "two messages of ~400 bytes in a page of 1 KiB");
        assertTrue(page.getBoolean("more"));
    }

    @Test
    void aWhisperReachesEverySessionOfTheUserAndNobodyElse() {
        chat(ChatConfig.DEFAULTS.withAuthSecret(SECRET));
        Peer alice = open("alice");
        Peer bob = open("bob");
        Peer bobsTab = open("bob");
        Peer carol = open("carol");
        send(alice, "{'type':'whisper','to':'bob','text':'psst','ack':'w'}");
        for (Peer to : List.of(bob, bobsTab)) {
            JsonObject whisper = delivery.sent(to).get(0);
            assertEquals("whisper", whisper.getString("type"));
            assertEquals("alice", whisper.getString("from"));
            assertEquals("psst", whisper.getString("text"));
        }
        assertEquals(List.of(), delivery.sent(carol));
        JsonObject ack = delivery.take(alice).get(0);
        assertEquals("ack", ack.getString("type"));
        assertEquals("bob", ack.getString("to"));

        send(alice, "{'type':'whisper','to':'dave','text':'psst','ack':'w2'}");
        JsonObject error = delivery.take(alice).get(0);
        assertEquals("no_such_user", error.getString("code"));
        assertEquals("w2", error.getString("ack"));
    }

    @Test
    void leavingAnnouncesTheUsersLastSessionOnly() {
        chat(ChatConfig.DEFAULTS.withAuthSecret(SECRET));
        Peer alice = open("alice");
        Peer bob = open("bob");
        Peer bobsTab = open("bob");
        for (Peer peer : List.of(alice, bob, bobsTab)) {
            send(peer, "{'type':'join','room':'lobby'}");
        }
        delivery.take(alice);
        send(bobsTab, "{'type':'leave','room':'lobby','ack':'l1'}");
        assertEquals(List.of(), delivery.sent(alice), "bob is still in the room");
        assertEquals("lobby", delivery.take(bobsTab).get(0).getString("room"));
        send(bob, "{'type':'leave','room':'lobby'}");
        JsonObject left = delivery.take(alice).get(0);
        assertEquals("presence", left.getString("type"));
        assertEquals("bob", left.getString("user"));
        assertEquals("leave", left.getString("event"));
    }

    @Test
    void aClosedSessionLeavesItsRoomsOnTheChatsThreadAndFreesItsName() throws Exception {
        chat(ChatConfig.DEFAULTS);
        Peer alice = open("alice");
        Peer bob = open("bob");
        send(alice, "{'type':'join','room':'lobby'}");
        send(bob, "{'type':'join','room':'lobby'}");
        chat.closed(bob);
        assertFalse(chat.connected("bob"));
        JsonObject left = delivery.await(alice, frame -> frame.getString("type").equals("presence")
                && frame.getString("event").equals("leave"));
        assertEquals("bob", left.getString("user"));
        chat.received(bob, "{\"type\":\"say\",\"room\":\"lobby\",\"text\":\"late\"}"); // closed: not read
        assertEquals(List.of(), delivery.sent(alice, "message"));
    }

    @Test
    void theStoreHearsOfASessionOpenedOnceItsNameIsClaimedNotOfARefusedOne() {
        HeldRoomStore rooms = HeldRoomStore.inMemory(ChatConfig.DEFAULTS);
        chat = new ChatService<>(ChatConfig.DEFAULTS, metrics, delivery, rooms, Clock.fixed(NOW, ZoneOffset.UTC),
                nanos::get);
        open("dave");
        assertFalse(chat.opened(new Peer("impostor"), "dave", "10.0.0.2"));
        open("erin");
        assertEquals(List.of("dave", "erin"), rooms.opened());
    }

    @Test
    void inOpenModeANameIsHeldByOneSessionUntilItCloses() {
        chat(ChatConfig.DEFAULTS);
        Peer dave = open("dave");
        Peer impostor = new Peer("impostor");
        assertFalse(chat.opened(impostor, "dave", "10.0.0.2"));
        assertEquals(List.of(), delivery.sent(impostor), "not welcomed");
        send(impostor, "{'type':'whisper','to':'dave','text':'hi','ack':'1'}");
        assertEquals(List.of(), delivery.sent(dave), "not registered: its frames are not read");
        chat.closed(dave);
        assertTrue(chat.opened(impostor, "dave", "10.0.0.2"));
    }

    @Test
    void overTheRateTheFirstRefusalIsToldAndTheBurstInARowCloses() throws Exception {
        chat(ChatConfig.DEFAULTS.withRate(1, 3));
        Peer alice = open("alice");
        send(alice, "{'type':'join','room':'lobby','ack':'1'}");
        send(alice, "not json"); // charged too
        send(alice, "{'type':'say','room':'lobby','text':'hi','ack':'3'}");
        assertEquals(List.of("ack", "error", "message", "ack"), types(delivery.take(alice)));
        send(alice, "{'type':'say','room':'lobby','text':'hi','ack':'4'}");
        JsonObject limited = delivery.take(alice).get(0);
        assertEquals("rate_limited", limited.getString("code"));
        assertEquals("4", limited.getString("ack"));
        assertEquals("over 1 messages per second; slow down", limited.getString("message"));
        send(alice, "{'type':'say','room':'lobby','text':'hi','ack':'5'}");
        assertEquals(List.of(), delivery.sent(alice), "told once");
        assertNull(delivery.closed(alice));
        send(alice, "{'type':'say','room':'lobby','text':'hi','ack':'6'}");
        assertEquals(new RecordingDelivery.Close(1008, "rate limit exceeded"), delivery.closed(alice));
        assertEquals(3, metric("parley_rate_limited_total"));
    }

    @Test
    void theBucketRefillsAndAPassingMessageEndsTheRefusalsInARow() {
        chat(ChatConfig.DEFAULTS.withRate(1, 2));
        Peer alice = open("alice");
        for (int round = 0; round < 3; round++) {
            send(alice, "{'type':'join','room':'lobby'}");
            send(alice, "{'type':'join','room':'lobby'}");
            send(alice, "{'type':'join','room':'lobby','ack':'x'}");
            assertEquals("rate_limited", delivery.take(alice).get(0).getString("code"), "round " + round);
            nanos.addAndGet(2 * SECOND);
        }
        assertNull(delivery.closed(alice), "never the burst refused in a row");
    }

    @Test
    void malformedFramesAreAnsweredWithoutAckAndCountedByKind() throws Exception {
        chat(ChatConfig.DEFAULTS);
        Peer alice = open("alice");
        send(alice, "{'type':'join','room':'lobby'");
        send(alice, "{'type':'dance','ack':'d'}");
        List<JsonObject> errors = delivery.take(alice);
        assertEquals("bad_json", errors.get(0).getString("code"));
        assertFalse(errors.get(0).containsKey("ack"));
        assertEquals("unknown_type", errors.get(1).getString("code"));
        assertEquals("d", errors.get(1).getString("ack"));
        assertEquals(1, metric("parley_bad_requests_total{kind=\"json_syntax\"}"));
    }

    @Test
    void aFrameOverTheMessageCapClosesTheSessionUnread() {
        chat(ChatConfig.DEFAULTS);
        Peer alice = open("alice");
        send(alice, "{'type':'join','room':'lobby','ack':'" + "x".repeat(2000) + "'}");
        assertEquals(1009, delivery.closed(alice).code());
        assertEquals(List.of(), delivery.sent(alice));
    }

    @Test
    void aJoinThatWouldMakeARoomOverTheServersCapIsServerFullAndCounted() throws Exception {
        chat(ChatConfig.DEFAULTS.withRooms(new RoomLimits(1 << 20, 1 << 20, 1, 60, Duration.ofMinutes(10))));
        Peer alice = open("alice");
        send(alice, "{'type':'join','room':'lobby','ack':'1'}");
        send(alice, "{'type':'join','room':'other','ack':'2'}");
        List<JsonObject> answers = delivery.take(alice);
        assertEquals("ack", answers.get(0).getString("type"));
        assertEquals("server_full", answers.get(1).getString("code"));
        assertEquals("2", answers.get(1).getString("ack"));
        assertEquals(1, metric("parley_chat_rooms_refused_total{code=\"server_full\"}"));
        assertEquals(1, metric("parley_chat_rooms"));
    }

    @Test
    void publishingSaysAMessageWithTheRoomsNextIdAndChecksItsFields() {
        chat(ChatConfig.DEFAULTS);
        Peer alice = open("alice");
        send(alice, "{'type':'join','room':'builds'}");
        delivery.take(alice);
        assertEquals(1, chat.publish("builds", "ci", "Build 42 is green"));
        JsonObject message = delivery.take(alice).get(0);
        assertEquals("message", message.getString("type"));
        assertEquals("ci", message.getString("from"));
        assertEquals(1, message.getInt("id"));
        assertEquals(1, chat.publish("fresh", "ci", "a room made by publishing"));
        assertEquals("bad_field", assertThrows(RequestRejected.class, () -> chat.publish("no room", "ci", "t")).code());
        assertEquals("bad_field", assertThrows(RequestRejected.class, () -> chat.publish("r", "c i", "t")).code());
        assertEquals("text_too_long", assertThrows(RequestRejected.class,
                () -> chat.publish("r", "ci", "x".repeat(4097))).code());
    }

    @Test
    void afterShutdownClosedSessionsReleaseTheirNamesWithoutPresence() {
        chat(ChatConfig.DEFAULTS);
        Peer alice = open("alice");
        Peer bob = open("bob");
        send(alice, "{'type':'join','room':'lobby'}");
        send(bob, "{'type':'join','room':'lobby'}");
        delivery.take(alice);
        chat.shutdown();
        assertTrue(chat.stopping());
        chat.closed(bob);
        assertFalse(chat.connected("bob"));
        assertEquals(1, chat.publish("lobby", "ci", "still there"));
        assertEquals(List.of("message"), types(delivery.sent(alice)), "no presence");
        assertEquals(1, delivery.sent(bob, "message").size(), "bob left no room: the server goes away for everyone");
    }
}

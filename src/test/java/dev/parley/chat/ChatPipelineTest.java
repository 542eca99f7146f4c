package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.chat.RecordingDelivery.Peer;
import dev.parley.metrics.Metrics;

/**
 * A session's requests on a room store that answers later ({@link HeldRoomStore}: the real in-memory store, its
 * answers held back until the test lets them go): one at a time, in the order they came, the answers in that order;
 * {@code busy} over the bound; {@code unavailable} when the store fails, the connection open.
 */
class ChatPipelineTest {
    private static final Instant NOW = Instant.parse("2026-12-02T01:00:00Z");

    private final AtomicLong nanos = new AtomicLong(TimeUnit.SECONDS.toNanos(1_000));
    private final RecordingDelivery delivery = new RecordingDelivery(1 << 20, 1 << 20);
    private HeldRoomStore store;
    private ChatService<Peer> chat;

    @BeforeEach
    void start() {
        ChatConfig config = ChatConfig.DEFAULTS;
        store = new HeldRoomStore(new MemoryRoomStore(config.rooms(), config.historySize(), ChatSession::send,
                nanos::get, new Random(3)));
        chat = new ChatService<>(config, new Metrics(), delivery, store, Clock.fixed(NOW, ZoneOffset.UTC), nanos::get);
    }

    @AfterEach
    void stop() {
        chat.close();
    }

    /** A connection of {@code user}, welcomed and in room {@code lobby}; what it was sent so far is taken. */
    private Peer inLobby(String user) {
        Peer peer = new Peer(user);
        assertTrue(chat.opened(peer, user, "10.0.0.1"));
        send(peer, "{'type':'join','room':'lobby'}");
        delivery.take(peer);
        return peer;
    }

    private void send(Peer from, String request) {
        chat.received(from, request.replace('\'', '"'));
    }

    /** Each frame as its type, with its ack id or message id: {@code ack:s1}, {@code message:1}. */
    private static List<String> frames(List<JsonObject> frames) {
        return frames.stream().map(frame -> frame.getString("type") + ":" + (frame.containsKey("ack")
                ? frame.getString("ack") : frame.containsKey("id") ? frame.get("id").toString() : "")).toList();
    }

    @Test
    void answersKeepTheOrderOfTheRequestsWhenTheStoreAnswersLater() {
        Peer alice = inLobby("alice");
        Peer bob = inLobby("bob");
        delivery.take(alice); // bob's presence
        store.hold(true);
        send(alice, "{'type':'say','room':'lobby','text':'one','ack':'s1'}");
        send(alice, "{'type':'history','room':'lobby','ack':'h2'}");
        send(alice, "{'type':'say','room':'lobby','text':'two','ack':'s3'}");
        send(bob, "{'type':'say','room':'lobby','text':'bob','ack':'b1'}"); // another session: not behind alice's
        assertEquals(2, store.held(), "alice's first say and bob's say were carried out; the rest wait");
        assertEquals(List.of("message:1", "message:2"), frames(delivery.take(alice)), "no answer yet");

        store.hold(false);
        store.release(); // alice's s1: then h2 and s3 run, answered at once
        List<JsonObject> toAlice = delivery.take(alice);
        assertEquals(List.of("ack:s1", "ack:h2", "message:3", "ack:s3"), frames(toAlice));
        assertEquals(1, toAlice.get(0).getInt("id"));
        assertEquals(List.of(1, 2), toAlice.get(1).getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                .map(m -> m.getInt("id")).toList());
        assertEquals(3, toAlice.get(3).getInt("id"));
        store.release(); // bob's
        assertEquals(List.of("message:1", "message:2", "message:3", "ack:b1"), frames(delivery.take(bob)));
        send(alice, "{'type':'say','room':'lobby','text':'three','ack':'s4'}");
        assertEquals(List.of("message:4", "ack:s4"), frames(delivery.take(alice)), "nothing waits: at once");
    }

    @Test
    void overThirtyTwoWaitingRequestsOneMoreIsBusyAndTheOthersAreAllAnswered() {
        Peer alice = inLobby("alice");
        store.hold(true);
        for (int n = 0; n <= RequestQueue.MAX_WAITING + 1; n++) { // one carried out, 32 waiting, one too many
            send(alice, "{'type':'say','room':'lobby','text':'m" + n + "','ack':'" + n + "'}");
        }
        List<JsonObject> early = delivery.take(alice);
        assertEquals(List.of("message:1", "error:33"), frames(early));
        assertEquals("busy", early.get(1).getString("code"));
        assertEquals(1, store.held());

        store.hold(false);
        store.release();
        List<String> expected = new java.util.ArrayList<>(List.of("ack:0"));
        IntStream.rangeClosed(1, RequestQueue.MAX_WAITING).forEach(n -> {
            expected.add("message:" + (n + 1));
            expected.add("ack:" + n);
        });
        assertEquals(expected, frames(delivery.take(alice)));
        send(alice, "{'type':'say','room':'lobby','text':'after','ack':'a'}");
        assertEquals(List.of("message:34", "ack:a"), frames(delivery.take(alice)));
        assertNull(delivery.closed(alice));
    }

    @Test
    void aStoreThatFailsIsAnsweredUnavailableAndTheConnectionStaysOpen() {
        Peer alice = inLobby("alice");
        store.fail(new IllegalStateException("the command timed out"));
        send(alice, "{'type':'say','room':'lobby','text':'lost?','ack':'1'}");
        send(alice, "{'type':'whisper','to':'alice','text':'psst','ack':'2'}");
        store.fail(new RequestRejected("unavailable", "the room store (Redis) did not answer; retry"));
        send(alice, "{'type':'history','room':'lobby','ack':'3'}");
        List<JsonObject> errors = delivery.take(alice);
        assertEquals(List.of("error:1", "error:2", "error:3"), frames(errors));
        for (JsonObject error : errors) {
            assertEquals("unavailable", error.getString("code"), error.toString());
        }
        assertEquals(RequestFailures.UNAVAILABLE, errors.get(0).getString("message"));
        assertEquals("the room store (Redis) did not answer; retry", errors.get(2).getString("message"));

        store.fail(null);
        send(alice, "{'type':'say','room':'lobby','text':'again','ack':'4'}");
        assertEquals(List.of("message:1", "ack:4"), frames(delivery.take(alice)));
        assertNull(delivery.closed(alice));
    }

    @Test
    void aStoreThatCompletesOnAnotherThreadStillAnswersInOrder() throws Exception {
        Peer alice = inLobby("alice");
        store.hold(true);
        send(alice, "{'type':'say','room':'lobby','text':'one','ack':'1'}");
        send(alice, "{'type':'say','room':'lobby','text':'two','ack':'2'}");
        store.hold(false);
        Thread storeThread = new Thread(store::release, "store");
        storeThread.start();
        storeThread.join(TimeUnit.SECONDS.toMillis(10));
        delivery.await(alice, frame -> "2".equals(frame.getString("ack", null)));
        assertEquals(List.of("message:1", "ack:1", "message:2", "ack:2"), frames(delivery.take(alice)));
    }
}

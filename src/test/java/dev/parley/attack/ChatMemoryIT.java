package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import dev.parley.json.JsonText;
import dev.parley.chat.ChatClient;
import dev.parley.client.RawClient;
import dev.parley.wire.Frame;
import dev.parley.wire.Opcode;

/**
 * Issue 11, finding 3: the chat's memory had no overall bound (64 connections from one address, each within every
 * limit, left 253 MB of a 256 MB heap in use with nobody connected) and the room cap, used up from one address,
 * locked everyone out of every room until a restart. Here many connections from one address, each within every
 * limit, fill the history of every room they may make; a second address fills the server's room cap. The history
 * stays within its budget, the heap after GC within docs/limits.md's formula, the refusals are precise, and once
 * everybody has gone the rooms go too and {@code lobby} is joinable.
 */
class ChatMemoryIT {
    private static final int ATTACKERS = 48;
    private static final int SAYS = 100;
    private static final String TEXT = "m".repeat(4000);
    private static final long ROOM_HISTORY = 256 * 1024;
    private static final long TOTAL_HISTORY = 8L << 20;
    private static final int MAX_ROOMS = 60;
    private static final int NEW_ROOMS_PER_MINUTE = 40;
    /** docs/limits.md: what a room costs besides its history, from above. */
    private static final long ROOM_BYTES = 1024;
    /** What the server holds after an attack that is not the chat's: pooled buffers, caches, the JIT's data. */
    private static final long SLACK = 4L << 20;

    @Test
    void manyConnectionsFromOneAddressCannotGrowTheChatPastItsBudgetsAndLobbyStaysOpen() throws Exception {
        try (AttackedServer server = AttackedServer.start(List.of("--history-bytes", Long.toString(ROOM_HISTORY),
                "--history-total-bytes", Long.toString(TOTAL_HISTORY), "--max-rooms", Integer.toString(MAX_ROOMS),
                "--new-rooms-per-address", Integer.toString(NEW_ROOMS_PER_MINUTE), "--room-idle-timeout", "10000",
                "--rate", "100", "--burst", "200", "--max-connections-per-address", "80",
                "--outbound-max-bytes", Long.toString(4L << 20), // 48 x 101 says from one address at once: over
                "--address-frame-rate", "1e9", "--address-frame-burst", "1000000000") // its frame budget, lifted
                .toArray(String[]::new))) {
            long baseline = server.heapAfterGc();
            ChatClient alice = ChatClient.connect(server.uri("ws", "/chat?name=alice"));
            alice.ok("{\"type\":\"join\",\"room\":\"lobby\"}");

            // Every attacker makes a room of its own until the address's budget refuses; the rest share them.
            List<ChatClient> attackers = new ArrayList<>();
            List<String> floodRooms = new ArrayList<>();
            List<String> roomOf = new ArrayList<>();
            JsonObject budgetRefusal = null;
            for (int i = 0; i < ATTACKERS; i++) {
                attackers.add(ChatClient.connect(server.uri("ws", "/chat?name=m" + i)));
            }
            for (int i = 0; i < ATTACKERS; i++) { // in a quick row: the budget refills 40 rooms a minute
                ChatClient attacker = attackers.get(i);
                JsonObject joined = attacker.call("{\"type\":\"join\",\"room\":\"flood" + i + "\"}");
                if (joined.getString("type").equals("ack")) {
                    floodRooms.add("flood" + i);
                    roomOf.add("flood" + i);
                } else {
                    budgetRefusal = joined;
                    roomOf.add(floodRooms.get(i % floodRooms.size()));
                    attacker.ok("{\"type\":\"join\",\"room\":\"" + roomOf.get(i) + "\"}");
                }
            }
            assertTrue(budgetRefusal != null, "48 rooms from one address, none refused");
            assertEquals("too_many_new_rooms", budgetRefusal.getString("code"), budgetRefusal.toString());
            assertEquals("one address may create at most 40 rooms a minute; try again in 2 s or join an existing room",
                    budgetRefusal.getString("message"));
            assertTrue(floodRooms.size() >= NEW_ROOMS_PER_MINUTE - 1 && floodRooms.size() <= NEW_ROOMS_PER_MINUTE + 8,
                    floodRooms.size() + " rooms made from one address");

            // A second address makes rooms until the server's cap refuses; existing rooms stay joinable.
            try (FarClient far = FarClient.connect(server.uri("ws", "/chat?name=far"))) {
                JsonObject capRefusal = null;
                for (int k = 0; k < MAX_ROOMS && capRefusal == null; k++) {
                    JsonObject joined = far.call("{\"type\":\"join\",\"room\":\"far" + k + "\"}");
                    capRefusal = joined.getString("type").equals("error") ? joined : null;
                }
                assertTrue(capRefusal != null, "the room cap never refused");
                assertEquals("server_full", capRefusal.getString("code"), capRefusal.toString());
                assertEquals("this server holds its maximum of 60 rooms; join an existing room or try later",
                        capRefusal.getString("message"));
                assertEquals(MAX_ROOMS, metric(server, "parley_chat_rooms"));

                ChatClient bob = ChatClient.connect(server.uri("ws", "/chat?name=bob"));
                assertEquals(List.of("alice", "bob"), bob.ok("{\"type\":\"join\",\"room\":\"lobby\"}")
                        .getJsonArray("members").getValuesAs(jakarta.json.JsonString.class).stream()
                        .map(jakarta.json.JsonString::getString).toList());
                alice.next("presence");

                // Everyone says within every limit, as fast as allowed, in every room they are in.
                ExecutorService pool = Executors.newFixedThreadPool(ATTACKERS);
                try {
                    List<Future<?>> floods = new ArrayList<>();
                    for (int i = 0; i < ATTACKERS; i++) {
                        ChatClient attacker = attackers.get(i);
                        String room = roomOf.get(i);
                        floods.add(pool.submit(() -> {
                            for (int n = 0; n < SAYS; n++) {
                                attacker.send("{\"type\":\"say\",\"room\":\"" + room + "\",\"text\":\"" + TEXT + "\"}");
                            }
                            return attacker.ok("{\"type\":\"say\",\"room\":\"" + room + "\",\"text\":\"last\"}");
                        }));
                    }
                    bob.ok("{\"type\":\"say\",\"room\":\"lobby\",\"text\":\"during the flood\"}");
                    assertEquals("during the flood", alice.next("message").getString("text"));
                    for (Future<?> flood : floods) {
                        flood.get(60, TimeUnit.SECONDS);
                    }
                } finally {
                    pool.shutdownNow();
                }
                long kept = metric(server, "parley_chat_history_bytes");
                assertTrue(kept <= TOTAL_HISTORY, "history kept: " + kept);
                assertTrue(kept > TOTAL_HISTORY - ROOM_HISTORY, "the flood filled the history: " + kept);
                bob.close();
            }
            for (ChatClient attacker : attackers) {
                attacker.close();
            }
            alice.close();
            awaitMetric(server, "parley_sessions_open", 0);

            // Nobody is connected; the rooms and their history are still kept (idle timeout 10 s).
            long heap = server.heapAfterGc();
            long bound = baseline + TOTAL_HISTORY + MAX_ROOMS * ROOM_BYTES + SLACK;
            System.out.printf("ChatMemoryIT: heap after GC %d KiB at start, %d KiB with the history full and "
                    + "nobody connected (bound %d KiB)%n", baseline >> 10, heap >> 10, bound >> 10);
            assertTrue(heap <= bound, "heap after GC " + (heap >> 10) + " KiB, over " + (bound >> 10) + " KiB");
            assertTrue(metric(server, "parley_chat_history_bytes") > TOTAL_HISTORY - ROOM_HISTORY,
                    "the heap was measured with the history full");

            // Once idle, every room goes; lobby is joinable again (made anew, its ids start over).
            awaitMetric(server, "parley_chat_rooms", 0);
            assertEquals(0, metric(server, "parley_chat_history_bytes"));
            try (ChatClient carol = ChatClient.connect(server.uri("ws", "/chat?name=carol"))) {
                assertEquals(0, carol.ok("{\"type\":\"join\",\"room\":\"lobby\"}").getJsonNumber("last").longValue());
            }
            assertTrue(metric(server, "parley_chat_rooms_refused_total{code=\"too_many_new_rooms\"}") >= 1);
            assertTrue(metric(server, "parley_chat_rooms_refused_total{code=\"server_full\"}") >= 1);
            Logs.await(server, "code=too_many_new_rooms", Duration.ofSeconds(10));
            Logs.await(server, "code=server_full", Duration.ofSeconds(10));
            String log = server.log();
            assertTrue(log.contains("event=room-refused") && log.contains("code=too_many_new_rooms")
                    && log.contains("code=server_full"), "refusals logged");
            server.assertHealthy();
            server.assertEchoWorks();
            server.assertStopsCleanlyOnSigterm();
        }
    }

    /**
     * The other end of the formula: as many rooms as the server holds, each kept alive by one short message after
     * its last member left. The heap after GC with nobody connected stays within R x 1 KiB (plus their history);
     * the next room is refused with {@code server_full}.
     */
    @Test
    void aServerFullOfRoomsStaysWithinItsPerRoomCost() throws Exception {
        int rooms = 5000;
        try (AttackedServer server = AttackedServer.start("--max-rooms", Integer.toString(rooms),
                "--new-rooms-per-address", "1000000", "--rate", "1000000", "--burst", "1000000",
                "--room-idle-timeout", "600000", // 15,000 frames at once: over the frame budgets, lifted here
                "--frame-rate", "1e9", "--frame-burst", "1000000000", "--address-frame-rate", "1e9",
                "--address-frame-burst", "1000000000")) {
            long baseline = server.heapAfterGc();
            try (ChatClient maker = ChatClient.connect(server.uri("ws", "/chat?name=maker"))) {
                for (int k = 0; k < rooms; k++) { // no acks: the answers would only fill the queue
                    maker.send("{\"type\":\"join\",\"room\":\"r" + k + "\"}");
                    maker.send("{\"type\":\"say\",\"room\":\"r" + k + "\",\"text\":\"k\"}");
                    maker.send("{\"type\":\"leave\",\"room\":\"r" + k + "\"}");
                }
                JsonObject refused = maker.refused("{\"type\":\"join\",\"room\":\"one-more\"}", "server_full");
                assertEquals("this server holds its maximum of 5000 rooms; join an existing room or try later",
                        refused.getString("message"));
            }
            awaitMetric(server, "parley_sessions_open", 0);
            assertEquals(rooms, metric(server, "parley_chat_rooms"));
            long history = metric(server, "parley_chat_history_bytes");
            long heap = server.heapAfterGc();
            long bound = baseline + history + rooms * ROOM_BYTES + SLACK;
            System.out.printf("ChatMemoryIT: heap after GC %d KiB at start, %d KiB with %d rooms of one message "
                    + "(%d B of history) and nobody connected (bound %d KiB)%n", baseline >> 10, heap >> 10, rooms,
                    history, bound >> 10);
            assertTrue(heap <= bound, "heap after GC " + (heap >> 10) + " KiB, over " + (bound >> 10) + " KiB");
            server.assertHealthy();
            server.assertStopsCleanlyOnSigterm();
        }
    }

    /** A value from {@code GET /metrics}: the sample named exactly so (with its labels, if any). */
    private static long metric(AttackedServer server, String sample) throws Exception {
        Double value = dev.parley.metrics.Scrape.of(server.uri("http", "/metrics")).get(sample);
        assertTrue(value != null, "no " + sample + " in /metrics");
        return value.longValue();
    }

    private static void awaitMetric(AttackedServer server, String sample, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long value;
        while ((value = metric(server, sample)) != expected) {
            assertTrue(System.nanoTime() < deadline, sample + " is still " + value + ", not " + expected);
            Thread.onSpinWait();
        }
    }

    /** A raw {@code /chat} connection from 127.0.0.2: another remote address on the loopback interface. */
    private static final class FarClient implements AutoCloseable {
        private final RawClient raw;
        private int acks;

        private FarClient(RawClient raw) {
            this.raw = raw;
        }

        static FarClient connect(URI uri) throws IOException {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress("127.0.0.2", 0));
            socket.connect(new InetSocketAddress("127.0.0.1", uri.getPort()), 5000);
            return new FarClient(RawClient.over(socket, uri, Duration.ofSeconds(20)));
        }

        /** Sends {@code request} with an ack id and returns its ack or error. */
        JsonObject call(String request) throws IOException {
            String ack = "f" + ++acks;
            raw.send(Frame.text(JsonText.write(JsonText.object(JsonText.readObject(request)).add("ack", ack))));
            for (int frames = 0; frames < 1000; frames++) {
                Frame frame = raw.read().frame();
                if (frame.opcode() == Opcode.TEXT) {
                    JsonObject json = jakarta.json.Json.createReader(new java.io.StringReader(frame.text()))
                            .readObject();
                    if (ack.equals(json.getString("ack", null))) {
                        return json;
                    }
                }
            }
            throw new AssertionError("no answer to " + request);
        }

        @Override
        public void close() throws IOException {
            raw.send(Frame.close(dev.parley.wire.CloseStatus.of(dev.parley.wire.CloseCode.NORMAL_CLOSURE, "bye")));
            raw.close();
        }
    }
}

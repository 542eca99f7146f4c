package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.json.JsonText;
import dev.parley.client.RawClient;
import dev.parley.client.RecordingClient;
import dev.parley.client.StalledReader;
import dev.parley.server.RunningServer;
import dev.parley.session.Liveness;
import dev.parley.wire.Frame;
import dev.parley.wire.Opcode;

/** What one client may cost, and what happens when it tries for more. */
class ChatLimitsIT {
    /** Many clients, no rate limit to speak of, a 1 MiB outbound queue, the default 25 s ping. */
    @RegisterExtension
    /**
     * Many clients, no rate limit, and pings far apart: the stalled reader must meet the outbound bound (1008), not
     * the ping deadline (4408), however long a loaded machine takes to push 8 MB past it.
     */
    static final RunningServer crowd = new RunningServer(config -> config
            .withLimits(config.limits().withMaxSessionsPerAddress(100))
            .withChat(config.chat().withRate(100_000, 100_000)
                    .withPing(Duration.ofMinutes(30), Duration.ofMinutes(30))));

    /** Pings every 300 ms, drops a session after 600 ms without a pong. */
    @RegisterExtension
    static final RunningServer pinging = new RunningServer(config -> config
            .withChat(config.chat().withPing(Duration.ofMillis(300), Duration.ofMillis(600))));

    /** A burst of 3 and (practically) no refill. */
    @RegisterExtension
    static final RunningServer rated = new RunningServer(config -> config
            .withChat(config.chat().withRate(0.001, 3)));

    /** 3 sessions per remote address. */
    @RegisterExtension
    static final RunningServer capped = new RunningServer(config -> config
            .withLimits(config.limits().withMaxSessionsPerAddress(3)));

    @Test
    void theFirstMessageOverTheRateIsRefusedAndSustainedExcessCloses1008() throws Exception {
        try (ChatClient alice = ChatClient.connect(rated.ws("/chat?name=alice"))) {
            for (int n = 0; n < 3; n++) { // the burst
                alice.ok("{\"type\":\"join\",\"room\":\"rate" + n + "\"}");
            }
            alice.refused("{\"type\":\"join\",\"room\":\"over\"}", "rate_limited");
            alice.send("{\"type\":\"join\",\"room\":\"over\"}"); // refused silently: one error per streak
            CloseReason close = alice.ws().awaitCloseAfter( // the third in a row: the burst (3) is exhausted
                    () -> alice.ws().send("{\"type\":\"join\",\"room\":\"over\"}"));
            assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY, close.getCloseCode());
        }
    }

    @Test
    void moreSessionsFromOneAddressThanAllowedAreClosedWith1013() throws Exception {
        List<ChatClient> allowed = new ArrayList<>();
        try {
            for (int n = 0; n < 3; n++) {
                allowed.add(ChatClient.connect(capped.ws("/chat?name=cap" + n)));
            }
            try (RecordingClient fourth = RecordingClient.connect(
                    capped.ws("/chat?name=cap3"))) {
                assertEquals(CloseReason.CloseCodes.TRY_AGAIN_LATER, fourth.awaitClose().getCloseCode());
            }
        } finally {
            for (ChatClient client : allowed) {
                client.close();
            }
        }
    }

    @Test
    void aPeerThatNeverAnswersPingsIsDroppedWith4408WhileOthersStay() throws Exception {
        try (ChatClient healthy = ChatClient.connect(pinging.ws("/chat?name=healthy"));
             RawClient silent = RawClient.connect(pinging.ws("/chat?name=silent"), Duration.ofSeconds(20))) {
            assertEquals(Opcode.TEXT, silent.read().frame().opcode()); // welcome
            Frame frame = silent.read().frame();
            assertEquals(Opcode.PING, frame.opcode(), "the server pings");
            while (frame.opcode() == Opcode.PING) { // never answered
                frame = silent.read().frame();
            }
            assertEquals(Opcode.CLOSE, frame.opcode());
            assertEquals(Liveness.PING_TIMEOUT, frame.closeStatus().code());
            // The Tyrus client answers pings: several intervals later it is still served.
            healthy.ok("{\"type\":\"join\",\"room\":\"after-pings\"}");
        }
    }

    @Test
    void oneStalledReaderAmong50IsClosedWith1008AndThe49GetEveryMessage() throws Exception {
        int readers = 49;
        int messages = 2000; // x 4000 bytes = 8 MB: beyond what the stalled socket (send buffer of at most
                             // 4 MiB, 4 KiB receive buffer) and its 1 MiB queue can hold
        String text = "y".repeat(4000 - 8);
        List<ChatClient> clients = new ArrayList<>();
        long heapBefore = usedHeapAfterGc();
        try (StalledReader stalled = StalledReader.connect(crowd.ws("/chat?name=stalled"))) {
            for (int n = 0; n < readers; n++) {
                ChatClient client = ChatClient.connect(crowd.ws("/chat?name=reader" + n));
                client.ok("{\"type\":\"join\",\"room\":\"crowd\"}");
                clients.add(client);
            }
            stalled.sendText("{\"type\":\"join\",\"room\":\"crowd\"}");
            for (ChatClient client : clients) {
                awaitPresence(client, "stalled"); // now the stalled one is surely in the room
            }
            ChatClient sender = clients.get(0);
            long[] seen = new long[readers];
            for (int batch = 0; batch < messages / 100; batch++) {
                for (int n = 0; n < 100; n++) {
                    sender.send("{\"type\":\"say\",\"room\":\"crowd\",\"text\":\""
                            + String.format("%07d", batch * 100 + n) + text + "\"}");
                }
                // Every reader takes the batch (ids in order, none missing) before the next one goes out, so a
                // healthy reader is never more than 100 messages behind: its queue holds 256.
                for (int r = 0; r < readers; r++) {
                    while (seen[r] < (batch + 1) * 100L) {
                        JsonObject frame = clients.get(r).next();
                        if (frame.getString("type").equals("message")) {
                            assertEquals(++seen[r], frame.getJsonNumber("id").longValue());
                        }
                    }
                }
            }
            assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY.getCode(), stalled.readUntilCloseCode());
        } finally {
            for (ChatClient client : clients) {
                client.close();
            }
        }
        long heapAfter = usedHeapAfterGc();
        assertTrue(heapAfter - heapBefore < 64L << 20,
                "heap grew by " + ((heapAfter - heapBefore) >> 20) + " MiB");
    }

    @Test
    void aClientDroppedByTheServerResumesFromItsLastIdWithoutLossOrDuplicate() throws Exception {
        try (ChatClient writer = ChatClient.connect(pinging.ws("/chat?name=writer"))) {
            writer.ok("{\"type\":\"join\",\"room\":\"resume\"}");
            long lastSeen;
            try (RawClient reader = RawClient.connect(pinging.ws("/chat?name=reader"), Duration.ofSeconds(20))) {
                reader.read(); // welcome
                reader.send(Frame.text("{\"type\":\"join\",\"room\":\"resume\",\"ack\":\"j\"}"));
                awaitPresence(writer, "reader");
                writer.ok("{\"type\":\"say\",\"room\":\"resume\",\"text\":\"one\"}");
                lastSeen = 0;
                while (lastSeen < 1) {
                    Frame frame = reader.read().frame();
                    if (frame.opcode() == Opcode.TEXT
                            && "message".equals(JsonText.readObject(frame.text()).getString("type"))) {
                        lastSeen = 1;
                    }
                }
                // The reader stops answering pings; the server drops it (4408) while the room goes on.
                Frame frame = reader.read().frame();
                while (frame.opcode() != Opcode.CLOSE) {
                    frame = reader.read().frame();
                }
                assertEquals(Liveness.PING_TIMEOUT, frame.closeStatus().code());
            }
            for (int n = 2; n <= 4; n++) {
                writer.ok("{\"type\":\"say\",\"room\":\"resume\",\"text\":\"m" + n + "\"}");
            }
            try (ChatClient back = ChatClient.connect(pinging.ws("/chat?name=reader"))) {
                JsonObject joined = back.ok("{\"type\":\"join\",\"room\":\"resume\"}");
                assertEquals(4, joined.getJsonNumber("last").longValue());
                writer.ok("{\"type\":\"say\",\"room\":\"resume\",\"text\":\"m5\"}"); // live, after the join
                JsonObject missed = back.ok("{\"type\":\"history\",\"room\":\"resume\",\"since\":" + lastSeen + "}");
                assertEquals(List.of(2L, 3L, 4L, 5L), ChatIT.ids(missed));
                assertTrue(missed.getBoolean("complete"));
                // m5 also came live: a client keeps ids above what it has, so it shows each message once.
                assertEquals(5, back.next("message").getJsonNumber("id").longValue());
            }
        }
    }

    private static void awaitPresence(ChatClient client, String user) throws InterruptedException {
        while (true) {
            JsonObject frame = client.next();
            if (frame.getString("type").equals("presence") && frame.getString("user").equals(user)) {
                return;
            }
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

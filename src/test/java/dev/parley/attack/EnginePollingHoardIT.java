package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * docs/limits.md, "Engine.IO", the polling buffer, met as an attacker meets it: 62 Socket.IO sessions from 127.0.0.2
 * join the chat's room {@code hoard} over long-polling and never fetch anything again, while a well-behaved
 * WebSocket member of that room says 4,000-character texts in it. Every hoarder is closed with "transport buffer
 * full" once its buffer passes {@code --outbound-max-bytes} (its next GET: 400 code 1, nothing kept for it), one more
 * that joined nothing is closed by the ping timeout, the speaker keeps getting its acks, and the heap after GC while
 * the buffers are at their fullest stays under the formula below.
 */
class EnginePollingHoardIT {
    private static final String ATTACKER = "127.0.0.2";
    private static final int HOARDERS = 62;
    private static final long MAX_BYTES = 128 * 1024;
    private static final int MAX_MESSAGES = 1024;
    private static final long HISTORY_BYTES = 1 << 20;
    private static final String TEXT = "h".repeat(4000);
    private static final Duration PING_INTERVAL = Duration.ofSeconds(10);
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(10);
    /** What Grizzly and Tyrus keep pooled once they have served some traffic (as ChatMemoryIT). */
    private static final long POOLED = 4 << 20;
    /** A polling session's own objects outside its buffer (session, socket, its chat member): generously. */
    private static final long PER_SESSION = 40 * 1024;
    /** A packet object in the buffer besides its data (record, list slot, the String's header). */
    private static final long PER_PACKET = 96;

    @Test
    void pollersThatNeverPollAreClosedAtTheBufferCapOrThePingTimeout() throws Exception {
        try (AttackedServer server = AttackedServer.start(AttackedServer.DEFAULT_HEAP_MB, List.of(
                "--max-message-size", "65536", "--outbound-max-bytes", Long.toString(MAX_BYTES),
                "--outbound-max-messages", Integer.toString(MAX_MESSAGES),
                "--history-bytes", Long.toString(HISTORY_BYTES),
                "--ping-interval", Long.toString(PING_INTERVAL.toMillis()),
                "--ping-timeout", Long.toString(PING_TIMEOUT.toMillis()),
                "--rate", "1000", "--burst", "1000"));
             SioChatProbe speaker = SioChatProbe.connect(server, "speaker")) {
            long base = server.heapAfterGc();
            List<EnginePoll> hoarders = new ArrayList<>();
            for (int i = 0; i < HOARDERS; i++) {
                EnginePoll hoarder = new EnginePoll(ATTACKER, server.port());
                assertEquals(200, hoarder.open().status());
                assertEquals("200 ok", hoarder.post("40/chat,{\"name\":\"hoarder" + i + "\"}",
                        "42/chat,1[\"join\",{\"room\":\"hoard\"}]").toString());
                hoarders.add(hoarder);
            }
            EnginePoll idle = new EnginePoll(ATTACKER, server.port());
            assertEquals(200, idle.open().status());
            assertEquals("200 ok", idle.post("40/chat,{\"name\":\"idler\"}").toString());
            String joined = speaker.join("hoard");
            assertEquals(HOARDERS + 1, joined.split("\"hoarder|\"speaker").length - 1, joined);

            // Each say puts about 4,070 bytes into every hoarder's buffer: the cap is passed at the 33rd or so.
            long perSay = TEXT.length() + 70;
            int fill = (int) (MAX_BYTES / perSay) - 4;
            for (int says = 0; says < fill; says++) {
                speaker.say("hoard", TEXT);
            }
            long fullest = server.heapAfterGc();
            // The formula: every hoarder's buffer at its cap, in bytes and in packet objects, and its own objects; the
            // room's history; what the containers pool.
            long bound = base + POOLED + HISTORY_BYTES
                    + (HOARDERS + 1) * (MAX_BYTES + MAX_MESSAGES * PER_PACKET + PER_SESSION);
            int says = fill;
            for (; says < 2 * fill && closed(server, "transport_buffer_full") < HOARDERS; says++) {
                speaker.say("hoard", TEXT);
            }
            assertEquals(HOARDERS, closed(server, "transport_buffer_full"), Scrape.of(server).toString());
            for (EnginePoll hoarder : hoarders) {
                assertEquals("400 {\"code\":1,\"message\":\"Session ID unknown\"}", hoarder.get().toString(),
                        "closed and forgotten");
            }
            long deadline = System.nanoTime() + PING_INTERVAL.plus(PING_TIMEOUT).multipliedBy(2).toNanos();
            while (closed(server, "ping_timeout") < 1 && System.nanoTime() < deadline) {
                speaker.pump();
                Thread.onSpinWait();
            }
            assertEquals(1, closed(server, "ping_timeout"), "the idle poller closed by the ping timeout");
            assertEquals("400 {\"code\":1,\"message\":\"Session ID unknown\"}", idle.get().toString());

            speaker.say("hoard", "the room still works");
            server.assertHealthy();
            SioChatProbe.assertChatWorks(server, "newcomer");
            long after = server.heapAfterGc();
            System.out.printf("EnginePollingHoardIT: heap after GC %d KiB with the buffers at their fullest (start %d "
                    + "KiB, formula %d KiB), %d KiB once closed; %d says%n", fullest >> 10, base >> 10, bound >> 10,
                    after >> 10, says);
            assertTrue(fullest <= bound, "heap after GC " + (fullest >> 10) + " KiB, over the formula's "
                    + (bound >> 10) + " KiB");
            assertTrue(after <= base + POOLED + HISTORY_BYTES + 4 * PER_SESSION, "nothing kept for the closed: "
                    + (after >> 10) + " KiB");
            server.assertStopsCleanlyOnSigterm();
        }
    }

    /** Socket.IO disconnects with {@code reason} so far, from /metrics. */
    static long closed(AttackedServer server, String reason) throws Exception {
        return (long) Scrape.of(server).value("parley_socketio_events_total{event=\"disconnect\",reason=\"" + reason
                + "\"}");
    }
}

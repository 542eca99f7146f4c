package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.session.MemoryBudget;

/**
 * docs/limits.md, "Engine.IO", the polling buffer, met as attackers meet it: 120 Socket.IO sessions from three
 * addresses (40 each from 127.0.0.2, .3 and .4) join the chat's room {@code hoard} over long-polling and never fetch
 * anything again, while a well-behaved WebSocket member of that room says 1,000-character texts in it. Each buffer is
 * within its own cap ({@code --outbound-max-bytes}, 64 KiB here) but together they would pass the server's outbound
 * budget ({@code --outbound-budget-bytes}, 2 MiB here), which every polling buffer is charged to: the hoarders whose
 * buffers find it spent are closed with "server busy" (counted, one {@code event=memory-budget} line each; their next
 * GET: 400 code 1, nothing kept for them), the few the budget leaves room for reach their own cap and are closed with
 * "transport buffer full", one more that joined nothing is closed by the ping timeout, the speaker keeps getting its
 * acks, and the heap after GC while the budget is full stays under a formula in which the number of addresses does
 * not appear.
 */
class EnginePollingHoardIT {
    private static final List<String> ATTACKERS = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4");
    private static final int PER_ADDRESS = 40;
    private static final int HOARDERS = ATTACKERS.size() * PER_ADDRESS;
    private static final long MAX_BYTES = 64 * 1024;
    private static final int MAX_MESSAGES = 1024;
    private static final long BUDGET = 2 << 20;
    private static final long HISTORY_BYTES = 1 << 20;
    /**
     * Short enough that the speaker's own copy of a say (in its outbound queue: 2 bytes a character) stays within the
     * allowance every queue has outside the budget: a well-behaved client is never refused while attackers hold it.
     */
    private static final String TEXT = "h".repeat(1000);
    private static final Duration PING_INTERVAL = Duration.ofSeconds(20);
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(10);
    /** What Grizzly and Tyrus keep pooled once they have served some traffic (as ChatMemoryIT). */
    private static final long POOLED = 4 << 20;
    /** A polling session's own objects outside its buffer (session, socket, its chat member): generously. */
    private static final long PER_SESSION = 40 * 1024;
    /** Heap per budgeted byte at most (G1 regions; docs/limits.md, "Worst case"). */
    private static final long REGION_ROUNDING = 2;

    @Test
    void pollersThatNeverPollFromThreeAddressesAreBoundedByTheOutboundBudget() throws Exception {
        try (AttackedServer server = AttackedServer.start(AttackedServer.DEFAULT_HEAP_MB, List.of(
                "--max-message-size", "65536", "--outbound-max-bytes", Long.toString(MAX_BYTES),
                "--outbound-max-messages", Integer.toString(MAX_MESSAGES),
                "--outbound-budget-bytes", Long.toString(BUDGET),
                "--history-bytes", Long.toString(HISTORY_BYTES),
                "--ping-interval", Long.toString(PING_INTERVAL.toMillis()),
                "--ping-timeout", Long.toString(PING_TIMEOUT.toMillis()),
                "--rate", "1000", "--burst", "1000"));
             SioChatProbe speaker = SioChatProbe.connect(server, "speaker")) {
            long base = server.heapAfterGc();
            long started = System.nanoTime();
            List<EnginePoll> hoarders = new ArrayList<>();
            for (String address : ATTACKERS) {
                for (int i = 0; i < PER_ADDRESS; i++) {
                    EnginePoll hoarder = new EnginePoll(address, server.port());
                    assertEquals(200, hoarder.open().status());
                    assertEquals("200 ok", hoarder.post("40/chat,{\"name\":\"hoarder" + hoarders.size() + "\"}",
                            "42/chat,1[\"join\",{\"room\":\"hoard\"}]").toString());
                    hoarders.add(hoarder);
                }
            }
            EnginePoll idle = new EnginePoll(ATTACKERS.get(0), server.port());
            assertEquals(200, idle.open().status());
            assertEquals("200 ok", idle.post("40/chat,{\"name\":\"idler\"}").toString());
            String joined = speaker.join("hoard");
            assertEquals(HOARDERS + 1, joined.split("\"hoarder|\"speaker").length - 1, joined);

            // Each say puts about 2,200 charged bytes (64 + 2 x 1,070) into every hoarder's buffer: the 120 of them
            // spend the budget within ten says, long before any buffer is at its own cap (about 60 says).
            int says = 0;
            for (; says < 12; says++) {
                speaker.say("hoard", TEXT);
            }
            long fullest = server.heapAfterGc();
            // The formula: the budget (up to twice in G1 regions), what each session holds outside it (its own
            // objects, the 4 KiB allowance), the room's history, what the containers pool. No term per address.
            long bound = base + POOLED + HISTORY_BYTES + REGION_ROUNDING * BUDGET
                    + (HOARDERS + 1) * (PER_SESSION + MemoryBudget.ALLOWANCE_BYTES);
            for (; says < 200 && busy(server) + closed(server, "transport_buffer_full") < HOARDERS; says++) {
                speaker.say("hoard", TEXT);
            }
            long busy = busy(server);
            long full = closed(server, "transport_buffer_full");
            Scrape metrics = Scrape.of(server);
            assertEquals(HOARDERS, busy + full, metrics.toString());
            // Those left to reach their cap held about 2 x 64 KiB of charge each at once: the budget had room for 16.
            assertTrue(full <= BUDGET / (2 * MAX_BYTES - 2 * (TEXT.length() + 70)) + 1, full + " reached their cap");
            assertEquals(busy, (long) metrics.value(
                    "parley_engineio_closed_total{reason=\"server_busy\",transport=\"polling\"}"), metrics.toString());
            assertEquals(busy, (long) metrics.value("parley_memory_budget_exceeded_total{budget=\"outbound\"}"),
                    "each refusal counted once, and no one else refused");
            String log = Logs.awaitLines(server, line -> line.contains(
                    "event=memory-budget budget=outbound path=/socket.io/"), busy, Duration.ofSeconds(10));
            assertEquals(busy, log.lines().filter(line -> line.contains(
                    "event=memory-budget budget=outbound path=/socket.io/")).count(), "one log line each");
            for (EnginePoll hoarder : hoarders) {
                assertEquals("400 {\"code\":1,\"message\":\"Session ID unknown\"}", hoarder.get().toString(),
                        "closed and forgotten");
            }
            long hoarded = System.nanoTime() - started;
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
            assertEquals(0, Scrape.of(server).value("parley_outbound_budget_used_bytes"), "all given back");
            long after = server.heapAfterGc();
            System.out.printf("EnginePollingHoardIT: heap after GC %d KiB with the budget spent (start %d KiB, formula "
                    + "%d KiB), %d KiB once closed; %d says, %d closed server busy, %d transport buffer full, the "
                    + "hoard over in %d ms%n", fullest >> 10, base >> 10, bound >> 10, after >> 10, says, busy, full,
                    hoarded / 1_000_000);
            assertTrue(fullest <= bound, "heap after GC " + (fullest >> 10) + " KiB, over the formula's "
                    + (bound >> 10) + " KiB");
            assertTrue(after <= base + POOLED + HISTORY_BYTES + 4 * PER_SESSION, "nothing kept for the closed: "
                    + (after >> 10) + " KiB");
            server.assertStopsCleanlyOnSigterm();
        }
    }

    /** Socket.IO disconnects for the server's budget so far. */
    private static long busy(AttackedServer server) throws Exception {
        return closed(server, "server_busy");
    }

    /** Socket.IO disconnects with {@code reason} so far, from /metrics. */
    static long closed(AttackedServer server, String reason) throws Exception {
        return (long) Scrape.of(server).value("parley_socketio_events_total{event=\"disconnect\",reason=\"" + reason
                + "\"}");
    }
}

package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.wire.CloseStatus;

/**
 * Issue 11, the sum of per-connection costs: every connection's cost was bounded, their sum was not. 64 connections
 * from one address (the per-address cap), each sending a 1 MiB frame all but its last byte, kept 116.6 MiB of a
 * 128 MiB heap after GC; 64 readers that stop reading while three 1 MiB messages are echoed to each, 121 MiB; with
 * two more addresses doing the same, {@code OutOfMemoryError}s by the hundred. Now what Tyrus holds for clients is charged to the inbound budget and what waits to be
 * written to them to the outbound budget; the connection whose read or send finds its budget spent is closed with
 * 1013, and the heap after GC, while the attack holds, stays under the formula of docs/limits.md ("Worst case, in one
 * formula") computed from the settings this server is started with.
 */
class MemoryBudgetIT {
    private static final long MIB = 1 << 20;
    private static final int MESSAGE = 1 << 20;
    private static final long INBOUND_BUDGET = 16 * MIB;
    private static final long OUTBOUND_BUDGET = 16 * MIB;
    private static final int MAX_CONNECTIONS = 300;
    private static final long HISTORY_TOTAL = MIB;
    private static final int MAX_ROOMS = 100;
    /**
     * Per connection, as in the formula: an idle WebSocket (measured 26 KiB after one echo) and what it may hold
     * outside the budgets (three allowances of 4 KiB).
     */
    private static final long PER_CONNECTION = 40 * 1024;
    /** What Grizzly and Tyrus keep pooled once they have served some traffic (as ChatMemoryIT). */
    private static final long POOLED = 4 * MIB;
    /** Heap per budgeted byte at most: G1 gives an array larger than half a region whole regions. */
    private static final long REGION_ROUNDING = 2;
    private static final Duration WRITES_WITHIN = Duration.ofSeconds(90);

    @Test
    void unfinishedMessagesAndStalledReadersFromThreeAddressesStayWithinTheFormula() throws Exception {
        try (AttackedServer server = AttackedServer.start(AttackedServer.DEFAULT_HEAP_MB, List.of(
                "--inbound-budget-bytes", Long.toString(INBOUND_BUDGET),
                "--outbound-budget-bytes", Long.toString(OUTBOUND_BUDGET),
                "--max-connections", Integer.toString(MAX_CONNECTIONS),
                "--history-total-bytes", Long.toString(HISTORY_TOTAL),
                "--max-rooms", Integer.toString(MAX_ROOMS)));
             InFlight readers = new InFlight(); InFlight attack = new InFlight()) {
            long base = server.heapAfterGc();
            URI echo = server.uri("ws", "/echo");

            // 64 readers from 127.0.0.3 that stop reading while 1 MiB messages are echoed to them. Tyrus keeps a frame
            // buffer the size of the largest frame for each, so the inbound budget lets only some of them send theirs.
            readers.stalledReaders(echo, InetAddress.getByName("127.0.0.3"), 64, 3, MESSAGE, WRITES_WITHIN);
            assertTrue(awaitOutboundRefusal(server), "no session was refused for the outbound budget:\n"
                    + Scrape.of(server));
            Logs.await(server, "event=memory-budget budget=outbound", Duration.ofSeconds(5)); // the refusal's line

            // 128 connections from two addresses, each with a message the server must keep: 128 MiB wanted.
            attack.unfinishedMessages(echo, InetAddress.getByName("127.0.0.1"), 64, MESSAGE, WRITES_WITHIN);
            attack.unfinishedMessages(echo, InetAddress.getByName("127.0.0.2"), 64, MESSAGE, WRITES_WITHIN);
            List<CloseStatus> statuses = attack.closeStatuses(Duration.ofMillis(300));
            CloseStatus busy = new CloseStatus(1013, "server busy: too much unfinished input");
            long refused = statuses.stream().filter(busy::equals).count();
            long holding = statuses.stream().filter(status -> status == null).count();
            assertEquals(128, refused + holding, "every client is refused with 1013 or still held: " + statuses);
            assertTrue(holding <= INBOUND_BUDGET / MESSAGE, holding + " messages held, over the inbound budget");
            Logs.await(server, "event=memory-budget budget=inbound peer=/127.0.0.", Duration.ofSeconds(5));
            assertTrue(Scrape.of(server).value("parley_memory_budget_exceeded_total{budget=\"inbound\"}") >= refused,
                    "every refusal counted");

            server.assertHealthy();
            server.assertEchoWorks();
            long bound = base + POOLED + MAX_CONNECTIONS * PER_CONNECTION
                    + REGION_ROUNDING * (INBOUND_BUDGET + OUTBOUND_BUDGET) + HISTORY_TOTAL + MAX_ROOMS * 1024L;
            long heap = server.heapAfterGc();
            System.out.printf("MemoryBudgetIT: heap after GC %d KiB while the attack holds (start %d KiB, formula "
                    + "%d KiB); inbound: %d refused, %d held%n", heap >> 10, base >> 10, bound >> 10, refused, holding);
            assertTrue(heap <= bound, "heap after GC " + (heap >> 10) + " KiB, over the formula's "
                    + (bound >> 10) + " KiB");
            readers.close();
            attack.close();
            assertTrue(awaitBudgetsEmpty(server), "the budgets are not given back once the attackers are gone:\n"
                    + Scrape.of(server));
            server.assertStopsCleanlyOnSigterm();
        }
    }

    /** Polls /metrics until both budgets hold nothing, for at most 15 s. */
    private static boolean awaitBudgetsEmpty(AttackedServer server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            Scrape scrape = Scrape.of(server);
            if (scrape.value("parley_inbound_budget_used_bytes") == 0
                    && scrape.value("parley_outbound_budget_used_bytes") == 0) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    /** Polls /metrics until a session has been refused for the outbound budget, for at most 30 s. */
    private static boolean awaitOutboundRefusal(AttackedServer server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Scrape.of(server).value("parley_memory_budget_exceeded_total{budget=\"outbound\"}") >= 1) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }
}

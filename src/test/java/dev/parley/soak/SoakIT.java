package dev.parley.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.parley.attack.AttackedServer;

/**
 * Issue 11's soak, short: 200 chat clients joining, chatting, dropping and resuming, leaving, in 50 rooms, for 40 s,
 * against a server in its own process with a 256 MB heap, while all five attacks run. Nothing may be lost,
 * duplicated or out of order, every client must be connected and checked at the end, the median heap after GC of the last third
 * of the run must not be above that of the middle third by more than 25 % + 16 MiB, and afterwards the server must still answer
 * {@code /health} within a second and stop cleanly on SIGTERM. The full run (1,000 clients, minutes) is
 * {@code parley soak}; its figures are in docs/limits.md.
 */
class SoakIT {
    private static final int CLIENTS = 200;

    @Test
    void twoHundredClientsUnderAttackLoseNothingAndTheHeapHolds() throws Exception {
        try (AttackedServer server = AttackedServer.start(256, List.of())) {
            SoakPlan plan = new SoakPlan(CLIENTS, 50, 3, SoakPlan.seconds(2), SoakPlan.seconds(15),
                    SoakPlan.seconds(15), 100, 100, 11, true, true);
            Soak.Settings settings = new Soak.Settings(plan, new InetSocketAddress("127.0.0.1", server.port()),
                    new ChatLoop.Sources(InetAddress.getByName("127.0.0.2"), 32), Duration.ofSeconds(40),
                    Attacks.NAMES, InetAddress.getByName("127.0.1.1"), server.pid(), Duration.ofSeconds(4), 25, 16 << 20,
                    Duration.ofSeconds(20), System.out, Duration.ofSeconds(10));

            SoakReport report = Soak.run(settings);
            System.out.println(report.summary());
            System.out.println(report.json());

            Tally t = report.tally();
            assertEquals(0, t.lost, "lost");
            assertEquals(0, t.duplicated, "duplicated");
            assertEquals(0, t.outOfOrder, "out of order");
            assertEquals(0, t.unexpected, "unexpected");
            assertEquals(0, t.ownLost + t.ownMismatch, "own messages missing or changed");
            assertEquals(0, report.unsettled(), "clients not connected with every answer in at the end");
            assertEquals(0, report.unchecked(), "clients whose final check went unanswered");
            assertTrue(t.saysAcked > CLIENTS, "says acknowledged: " + t.saysAcked);
            assertTrue(t.resumes > 0 && t.historyMessages > 0, "resumes " + t.resumes);
            assertTrue(t.leaves > 0, "leaves " + t.leaves);
            for (Map.Entry<String, Map<String, Long>> attack : report.attacks().entrySet()) {
                assertTrue(attack.getValue().keySet().stream().noneMatch(k -> k.startsWith("attack-failed")),
                        attack.getKey() + " " + attack.getValue());
                assertTrue(!attack.getValue().isEmpty(), attack.getKey() + " did nothing");
            }
            assertTrue(report.verdict().stable(), "heap after GC " + report.heap());
            server.assertHealthy();
            server.assertStopsCleanlyOnSigterm();
        }
    }
}

package dev.parley.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.attack.AttackedServer;

/**
 * The soak's finding, alone: members that reset their connections while their rooms are speaking. 60 clients, all in
 * the same 2 rooms, each saying 4 times a second and resetting its connection (no close frame) every 3 s on average,
 * then resuming; 20 s against a server process. A write to a reset member fails inside the room's lock; whatever the
 * server does then, the other members must get every message, every say must be acknowledged, and the server must
 * still answer {@code /health} and stop on SIGTERM.
 */
class ClosingMembersIT {

    @Test
    void membersResettingWhileTheirRoomsSpeakCostNobodyAMessage() throws Exception {
        try (AttackedServer server = AttackedServer.start(256, List.of())) {
            SoakPlan plan = new SoakPlan(60, 2, 2, SoakPlan.seconds(0.25), SoakPlan.seconds(3600),
                    SoakPlan.seconds(3), 100, 100, 5, true, false);
            Soak.Settings settings = new Soak.Settings(plan, new InetSocketAddress("127.0.0.1", server.port()),
                    new ChatLoop.Sources(InetAddress.getByName("127.0.0.2"), 32), Duration.ofSeconds(20), List.of(),
                    InetAddress.getByName("127.0.1.1"), 0, Duration.ofSeconds(5), 25, 16 << 20,
                    Duration.ofSeconds(15), System.out, Duration.ofSeconds(10));

            SoakReport report = Soak.run(settings);
            System.out.println(report.summary());

            server.assertHealthy();
            Tally t = report.tally();
            assertTrue(t.saysAcked > 0 && t.resumes > 0, "says acknowledged " + t.saysAcked + ", resumes " + t.resumes
                    + ", connections ended " + t.closes);
            assertEquals(0, t.lost, "lost");
            assertEquals(0, t.duplicated + t.outOfOrder + t.unexpected, "duplicated, out of order, unexpected");
            assertEquals(0, report.unsettled(), "clients waiting for an answer at the end (says never acknowledged)");
            assertEquals(0, report.unchecked(), "clients whose final check went unanswered");
            server.assertStopsCleanlyOnSigterm();
        }
    }
}

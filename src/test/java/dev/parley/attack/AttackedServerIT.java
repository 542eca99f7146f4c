package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The fixture itself: a server nobody attacks passes every check the attack tests make, and stops on SIGTERM. */
class AttackedServerIT {
    @Test
    void anUnattackedServerIsHealthyEchoesHasASmallHeapAndStopsOnSigterm() throws Exception {
        try (AttackedServer server = AttackedServer.start()) {
            server.assertHealthy();
            server.assertEchoWorks();
            long heap = server.heapAfterGc();
            assertTrue(heap > 1 << 20 && heap < 32 << 20, "heap after GC of an idle server: " + heap);
            Logs.await(server, "event=open", Duration.ofSeconds(5));
            server.assertStopsCleanlyOnSigterm();
        }
    }
}

package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.parley.server.Connections.Phase;
import dev.parley.server.Connections.Tracked;

/** The guard's bookkeeping: every connection leaves the counts exactly once, whatever order its events come in. */
class ConnectionsTest {
    private final Connections connections = new Connections();

    private Tracked accepted(long deadline) {
        assertTrue(connections.tryOpen(10));
        return new Tracked(null, deadline);
    }

    @Test
    void aConnectionWaitsForAHeadThenIsBusyThenIdleUntilTheNextRequest() {
        Tracked tracked = accepted(100);
        assertEquals(Phase.HEAD, tracked.phase());
        assertTrue(tracked.evictable());
        assertFalse(tracked.expired(99));
        assertTrue(tracked.expired(100));

        assertTrue(tracked.begin(500));
        assertEquals(Phase.BUSY, tracked.phase());
        assertFalse(tracked.evictable(), "a connection in the middle of a request is not evicted");
        assertFalse(tracked.begin(600), "more of the same request's body is not a new request");
        assertFalse(tracked.expired(499));

        tracked.answered(1000);
        assertEquals(Phase.IDLE, tracked.phase());
        assertTrue(tracked.evictable());
        assertTrue(tracked.expired(1000));
        assertTrue(tracked.begin(2000), "keep-alive: the next request");
    }

    @Test
    void anUpgradedConnectionHasNoDeadlineAndIsNeverDroppedOrEvicted() {
        Tracked tracked = accepted(100);
        tracked.begin(200);
        connections.upgrade(tracked);
        assertEquals(1, connections.upgraded());
        assertTrue(tracked.upgraded());
        assertTrue(tracked.finished());
        assertFalse(tracked.evictable());
        assertFalse(tracked.expired(Long.MAX_VALUE));
        assertFalse(connections.drop(tracked));
        tracked.answered(300);
        assertEquals(Phase.UPGRADED, tracked.phase(), "frames written later do not make it HTTP again");

        connections.closed(tracked);
        assertEquals(0, connections.open());
        assertEquals(0, connections.upgraded());
    }

    @Test
    void aDroppedConnectionLeavesTheCountOnceWhenItsCloseFollows() {
        Tracked tracked = accepted(100);
        assertTrue(connections.drop(tracked));
        assertEquals(0, connections.open());
        assertFalse(connections.drop(tracked), "dropped twice (timer and eviction racing)");
        connections.closed(tracked);
        assertEquals(0, connections.open());
        connections.upgrade(tracked);
        assertEquals(0, connections.upgraded(), "a 101 racing the drop does not count");
    }

    @Test
    void theCountNeverPassesTheCap() {
        for (int i = 0; i < 10; i++) {
            assertTrue(connections.tryOpen(10));
        }
        assertFalse(connections.tryOpen(10));
        assertEquals(10, connections.open());
        connections.closed(new Tracked(null, 0));
        assertTrue(connections.tryOpen(10));
    }
}

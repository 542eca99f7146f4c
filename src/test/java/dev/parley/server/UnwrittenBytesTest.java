package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The count of writes a connection has not yet taken, against the outbound bound plus slack. */
class UnwrittenBytesTest {
    private static final long OUTBOUND = 1L << 20;
    private static final long BOUND = OUTBOUND + UnwrittenBytes.SLACK_BYTES;

    @Test
    void aMessageOfTheOutboundBoundAndSomePongsFit() {
        UnwrittenBytes unwritten = new UnwrittenBytes(OUTBOUND);
        assertTrue(unwritten.reserve((int) OUTBOUND));
        for (int i = 0; i < 100; i++) {
            assertTrue(unwritten.reserve(127), "pong " + i);
        }
        assertEquals(101, unwritten.writes());
    }

    @Test
    void emptyPongsCostTheirOverheadSoTheirNumberIsBounded() {
        UnwrittenBytes unwritten = new UnwrittenBytes(OUTBOUND);
        int pongs = 0;
        while (unwritten.reserve(2) && pongs < 1_000_000) {
            pongs++;
        }
        assertEquals(BOUND / (2 + UnwrittenBytes.WRITE_OVERHEAD_BYTES), pongs);
        assertTrue(unwritten.cost() <= BOUND);
        assertFalse(unwritten.reserve(0), "not even an empty write once full");
    }

    @Test
    void aRefusedWriteCountsNothingAndWrittenOnesFreeTheirRoom() {
        UnwrittenBytes unwritten = new UnwrittenBytes(OUTBOUND);
        assertTrue(unwritten.reserve((int) OUTBOUND));
        assertFalse(unwritten.reserve(64 * 1024), "over the slack");
        assertEquals(1, unwritten.writes());
        assertEquals(OUTBOUND + UnwrittenBytes.WRITE_OVERHEAD_BYTES, unwritten.cost());
        unwritten.release((int) OUTBOUND);
        assertEquals(0, unwritten.cost());
        assertEquals(0, unwritten.writes());
        assertTrue(unwritten.reserve(64 * 1024));
    }
}

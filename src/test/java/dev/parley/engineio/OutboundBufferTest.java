package dev.parley.engineio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.session.MemoryBudget;

/** A polling session's buffer: its own bounds, and its share of the server's outbound budget. */
class OutboundBufferTest {
    private static final long ALLOWANCE = MemoryBudget.ALLOWANCE_BYTES;
    /** A text packet charged exactly 1 KiB: 64 bytes of packet and 480 characters at 2 bytes each. */
    private static final Packet KIB = Packet.message("k".repeat(480));

    private final MemoryBudget budget = new MemoryBudget("outbound", 8 * 1024);

    @Test
    void aPacketIsChargedItsHeapBytes() {
        assertEquals(1024, OutboundBuffer.heapBytes(KIB));
        assertEquals(64 + 3, OutboundBuffer.heapBytes(Packet.message(new byte[3])));
        assertEquals(64, OutboundBuffer.heapBytes(Packet.PING));
    }

    @Test
    void whatItHoldsIsChargedBeyondTheAllowanceAndGivenBackWhenDrained() {
        OutboundBuffer buffer = new OutboundBuffer(1024, 1 << 20, budget.share());
        for (int i = 0; i < 6; i++) {
            assertEquals(OutboundBuffer.Result.ADDED, buffer.add(List.of(KIB)));
        }
        assertEquals(6 * 1024, buffer.heapBytes());
        assertEquals(6 * 1024 - ALLOWANCE, budget.used());
        assertEquals(6, buffer.drain().size());
        assertEquals(0, budget.used());
        assertEquals(0, buffer.heapBytes());
    }

    @Test
    void packetsTheBudgetHasNoRoomForAreRefusedWholeAndOthersUnaffected() {
        OutboundBuffer hoarder = new OutboundBuffer(1024, 1 << 20, budget.share());
        OutboundBuffer other = new OutboundBuffer(1024, 1 << 20, budget.share());
        for (int i = 0; i < 12; i++) { // 12 KiB: 4 free, 8 the whole budget
            assertEquals(OutboundBuffer.Result.ADDED, hoarder.add(List.of(KIB)));
        }
        assertEquals(budget.capacity(), budget.used());
        long refusals = budget.refusals();
        assertEquals(OutboundBuffer.Result.OVER_BUDGET, hoarder.add(List.of(Packet.PING, Packet.PING)));
        assertEquals(refusals + 1, budget.refusals());
        assertEquals(12 * 1024, hoarder.heapBytes(), "nothing of the refused packets added");
        assertEquals(12, hoarder.drain().size());
        for (int i = 0; i < 4; i++) { // within its allowance: never refused, even while the budget is spent
            assertEquals(OutboundBuffer.Result.ADDED, other.add(List.of(KIB)));
        }
    }

    @Test
    void theSessionsOwnBoundComesFirstAndCostsNothing() {
        OutboundBuffer buffer = new OutboundBuffer(2, 1 << 20, budget.share());
        assertEquals(OutboundBuffer.Result.ADDED, buffer.add(List.of(KIB, KIB)));
        assertEquals(OutboundBuffer.Result.FULL, buffer.add(List.of(Packet.PING)));
        OutboundBuffer bytes = new OutboundBuffer(1024, 100, budget.share());
        assertEquals(OutboundBuffer.Result.FULL, bytes.add(List.of(Packet.message("x".repeat(100)))));
        assertEquals(0, budget.refusals());
    }

    @Test
    void closedItGivesEverythingBackForGood() {
        OutboundBuffer buffer = new OutboundBuffer(1024, 1 << 20, budget.share());
        for (int i = 0; i < 10; i++) {
            buffer.add(List.of(KIB));
        }
        assertEquals(6 * 1024, budget.used());
        buffer.close();
        assertEquals(0, budget.used());
        assertTrue(buffer.isEmpty());
        buffer.add(List.of(KIB, KIB, KIB, KIB, KIB, KIB)); // a send racing the close: charged nothing
        assertEquals(0, budget.used());
    }
}

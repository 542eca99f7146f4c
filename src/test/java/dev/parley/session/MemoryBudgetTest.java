package dev.parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The server-wide budget of bytes in flight and the shares connections hold of it (issue 11). */
class MemoryBudgetTest {
    private static final int FREE = MemoryBudget.ALLOWANCE_BYTES;

    @Test
    void reservationsUpToTheCapacityAreTakenAndOneOverItIsRefusedWhole() {
        MemoryBudget budget = new MemoryBudget("inbound", 100);
        assertTrue(budget.reserve(60));
        assertFalse(budget.reserve(41), "60 + 41 is over 100");
        assertEquals(60, budget.used(), "the refused reservation took nothing");
        assertEquals(1, budget.refusals());
        assertTrue(budget.reserve(40), "exactly the capacity");
        assertEquals(100, budget.used());
        budget.release(60);
        assertEquals(40, budget.used());
        assertTrue(budget.reserve(60));
    }

    @Test
    void aShareHoldsItsAllowanceWithoutChargingTheBudget() {
        MemoryBudget budget = new MemoryBudget("outbound", 10_000);
        MemoryBudget.Share share = budget.share();
        assertTrue(share.add(FREE));
        assertEquals(0, budget.used(), "within the allowance");
        assertTrue(share.add(1_000));
        assertEquals(1_000, budget.used(), "only what is above the allowance");
        share.remove(1_500);
        assertEquals(0, budget.used());
        assertEquals(FREE - 500, share.held());
    }

    @Test
    void aShareThatWouldPassTheCapacityIsRefusedAndKeepsWhatItHeld() {
        MemoryBudget budget = new MemoryBudget("inbound", 1_000);
        MemoryBudget.Share first = budget.share();
        MemoryBudget.Share second = budget.share();
        assertTrue(first.resize(FREE + 1_000), "the whole budget");
        assertTrue(second.resize(FREE), "small traffic still fits: the allowance is free");
        assertFalse(second.add(1), "one byte over the allowance, and the budget is spent");
        assertEquals(FREE, second.held());
        assertEquals(1_000, budget.used());
        first.resize(FREE + 400); // a finished message gives back what it no longer needs
        assertEquals(400, budget.used());
        assertTrue(second.add(600));
        assertEquals(1_000, budget.used());
    }

    @Test
    void aClosedShareGivesEverythingBackOnceAndChargesNothingMore() {
        MemoryBudget budget = new MemoryBudget("outbound", 1_000_000);
        MemoryBudget.Share share = budget.share();
        assertTrue(share.add(FREE + 300_000));
        share.close();
        assertEquals(0, budget.used());
        share.close();
        assertTrue(share.add(900_000), "a write completing after the close");
        share.remove(300_000);
        assertEquals(0, budget.used(), "nothing is charged or released after the close");
    }

    @Test
    void aBudgetOfZeroIsASixteenthOfTheHeapAndAtLeastTheFloor() {
        assertEquals(8L << 20, MemoryBudget.derived(0, 128L << 20, 4L << 20));
        assertEquals(64L << 20, MemoryBudget.derived(0, 1L << 30, 4L << 20));
        assertEquals(4L << 20, MemoryBudget.derived(0, 32L << 20, 4L << 20), "the floor");
        assertEquals(12_345, MemoryBudget.derived(12_345, 1L << 30, 4L << 20), "a setting is taken as it is");
        assertThrows(IllegalArgumentException.class, () -> MemoryBudget.derived(-1, 1L << 30, 4L << 20));
        assertThrows(IllegalArgumentException.class, () -> new MemoryBudget("inbound", 0));
    }

    @Test
    void limitsDeriveBothBudgetsFromTheHeapByDefault() {
        long expected = Math.max(4L * Limits.DEFAULTS.maxMessageBytes(), Runtime.getRuntime().maxMemory() / 16);
        assertEquals(expected, Limits.DEFAULTS.inboundBudgetBytes());
        assertEquals(expected, Limits.DEFAULTS.outboundBudgetBytes());
        Limits set = Limits.DEFAULTS.withMemoryBudgets(5 << 20, 7 << 20);
        assertEquals(5 << 20, set.inboundBudgetBytes());
        assertEquals(7 << 20, set.outboundBudgetBytes());
        assertEquals(7 << 20, set.withMaxMessageBytes(1 << 16).outboundBudgetBytes(), "kept by the other withers");
        assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULTS.withMemoryBudgets(-1, 0));
    }
}

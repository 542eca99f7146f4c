package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class NewRoomBudgetTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void anAddressMayCreateItsBudgetAtOnceThenOneRoomPerShareOfAMinute() {
        NewRoomBudget budget = new NewRoomBudget(6); // one room every 10 s
        long now = 1_000 * SECOND;
        for (int n = 0; n < 6; n++) {
            assertTrue(budget.tryTake("10.0.0.1", now), "room " + n);
        }
        assertFalse(budget.tryTake("10.0.0.1", now));
        assertFalse(budget.tryTake("10.0.0.1", now + 9 * SECOND));
        assertTrue(budget.tryTake("10.0.0.1", now + 10 * SECOND));
        assertFalse(budget.tryTake("10.0.0.1", now + 10 * SECOND));
        assertEquals(10, budget.secondsUntilNext());
    }

    @Test
    void addressesHaveTheirOwnBudgets() {
        NewRoomBudget budget = new NewRoomBudget(1);
        assertTrue(budget.tryTake("10.0.0.1", 0));
        assertFalse(budget.tryTake("10.0.0.1", 0));
        assertTrue(budget.tryTake("10.0.0.2", 0));
    }

    @Test
    void anAddressWhoseBudgetIsWholeAgainIsForgotten() {
        NewRoomBudget budget = new NewRoomBudget(60);
        budget.tryTake("10.0.0.1", 0);
        budget.tryTake("10.0.0.2", 0);
        budget.tryTake("10.0.0.2", 0);
        budget.sweep(SECOND / 2);
        assertEquals(2, budget.addresses());
        budget.sweep(SECOND); // 10.0.0.1 has its one room back; 10.0.0.2 needs another second
        assertEquals(1, budget.addresses());
        budget.sweep(2 * SECOND);
        assertEquals(0, budget.addresses());
    }
}

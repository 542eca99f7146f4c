package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class HistoryBudgetTest {

    @Test
    void withinTheBudgetNoRoomIsAskedToDropAnything() {
        HistoryBudget<String> budget = new HistoryBudget<>(100);
        budget.changed("a", 60);
        budget.changed("b", 40);
        assertEquals(100, budget.used());
        assertNull(budget.largestIfOver());
    }

    @Test
    void overTheBudgetTheLargestRoomDropsFirstWhicheverChangedLast() {
        HistoryBudget<String> budget = new HistoryBudget<>(100);
        budget.changed("big", 70);
        budget.changed("small", 20);
        budget.changed("small", 20); // the small room's message tips it over: still the big room pays
        assertEquals("big", budget.largestIfOver());
        budget.changed("big", -30);
        assertEquals(80, budget.used());
        assertNull(budget.largestIfOver());
    }

    @Test
    void amongEqualRoomsTheOneTrackedFirstDrops() {
        HistoryBudget<String> budget = new HistoryBudget<>(10);
        budget.changed("first", 8);
        budget.changed("second", 8);
        assertEquals("first", budget.largestIfOver());
    }

    @Test
    void aRoomThatKeepsNothingIsForgotten() {
        HistoryBudget<String> budget = new HistoryBudget<>(10);
        budget.changed("gone", 50);
        budget.changed("gone", -50);
        budget.changed("other", 5);
        assertEquals(5, budget.used());
        assertNull(budget.largestIfOver());
        budget.changed("other", 10);
        assertEquals("other", budget.largestIfOver());
    }
}

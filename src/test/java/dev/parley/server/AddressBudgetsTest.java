package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import dev.parley.session.FrameRate;

/** The per-address frame budgets: shared by an address's connections, kept until refilled, then forgotten. */
class AddressBudgetsTest {
    private static final long SECOND = 1_000_000_000L;
    private static final FrameRate RATE = new FrameRate(100, 200); // refills from empty in 2 s

    @Test
    void connectionsOfOneAddressShareOneBudgetAndOtherAddressesHaveTheirOwn() throws Exception {
        AddressBudgets budgets = new AddressBudgets(RATE);
        InetAddress one = InetAddress.getByName("127.0.0.1");
        AddressBudgets.Budget first = budgets.join(one, 0);
        AddressBudgets.Budget second = budgets.join(one, 0);
        assertSame(first, second);
        assertTrue(first.frames.take(200, 0));
        assertFalse(second.frames.take(1, 0), "the first connection spent the address's burst");
        AddressBudgets.Budget other = budgets.join(InetAddress.getByName("127.0.0.2"), 0);
        assertTrue(other.frames.take(200, 0));
        assertEquals(2, budgets.size());
    }

    @Test
    void reconnectingEarnsNoFreshBurstUntilTheBudgetHasRefilled() throws Exception {
        AddressBudgets budgets = new AddressBudgets(RATE);
        InetAddress address = InetAddress.getByName("127.0.0.1");
        AddressBudgets.Budget spent = budgets.join(address, 0);
        assertTrue(spent.frames.take(200, 0));
        budgets.leave(spent, 0);
        AddressBudgets.Budget again = budgets.join(address, SECOND / 10);
        assertSame(spent, again, "kept: it had not refilled");
        assertFalse(again.frames.take(11, SECOND / 10), "10 frames refilled in 100 ms, not 200");
        budgets.leave(again, 3 * SECOND);
        assertEquals(0, budgets.size(), "forgotten once refilled and unused");
    }

    @Test
    void refilledBudgetsOfAddressesThatLeftAreSwept() throws Exception {
        AddressBudgets budgets = new AddressBudgets(RATE);
        AddressBudgets.Budget spent = budgets.join(InetAddress.getByName("10.0.0.1"), 0);
        spent.frames.take(200, 0);
        budgets.leave(spent, 0);
        assertEquals(1, budgets.size(), "kept while it refills");
        InetAddress busy = InetAddress.getByName("10.0.0.2");
        for (int i = 1; i < AddressBudgets.SWEEP_EVERY; i++) {
            budgets.join(busy, 10 * SECOND); // the 256th join in all sweeps
        }
        assertEquals(1, budgets.size(), "only the address with connections open is left");
    }
}

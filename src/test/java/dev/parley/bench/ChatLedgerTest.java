package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChatLedgerTest {

    @Test
    void eachMessageOwesOneDeliveryPerMemberUntilItsSayFails() {
        ChatLedger ledger = new ChatLedger();
        assertEquals(0, ledger.said(3));
        assertEquals(1, ledger.said(2));
        assertEquals(5, ledger.due());
        assertTrue(ledger.delivered(0));
        assertTrue(ledger.delivered(0));
        assertTrue(ledger.delivered(0));
        assertFalse(ledger.delivered(0), "a fourth delivery to a room of three");
        assertFalse(ledger.delivered(2), "nobody said it");
        assertFalse(ledger.delivered(-1));
        ledger.cancel(1);
        assertEquals(0, ledger.due());
        assertFalse(ledger.delivered(1), "a failed say owes nothing");
        for (int i = 0; i < 10_000; i++) {
            ledger.said(1);
        }
        assertEquals(10_002, ledger.said());
        assertTrue(ledger.delivered(10_001), "grows past its first array");
    }

    @Test
    void aMemberCountsGapsDuplicatesAndReorderingsFromTheJoinsLast() {
        ChatMember m = new ChatMember(0, "bench-0");
        m.joined(17);
        assertTrue(m.joined());
        assertTrue(m.next(18));
        assertTrue(m.next(19));
        assertFalse(m.next(19), "a duplicate");
        assertFalse(m.next(21), "a gap");
        assertFalse(m.next(20), "late");
        assertTrue(m.next(22), "in order again after the highest seen");
    }
}

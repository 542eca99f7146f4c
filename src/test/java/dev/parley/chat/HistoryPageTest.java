package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/** History pages and what a kept message costs. */
class HistoryPageTest {
    private static final Instant TS = Instant.parse("2026-12-01T20:00:00Z");

    @Test
    void aPageIsAQuarterOfTheOutboundBoundAndNeverOver256KiB() {
        assertEquals(16 * 1024, HistoryPage.budget(64 * 1024));
        assertEquals(256 * 1024, HistoryPage.budget(1 << 20));
        assertEquals(256 * 1024, HistoryPage.budget(16L << 20));
    }

    /** A complete history of the current epoch. */
    private static RoomStore.History found(List<ChatMessage> messages, boolean more) {
        return new RoomStore.History(messages, true, more, false, "e", 0);
    }

    @Test
    void aPageHoldsTheMessagesThatFitAndSaysMore() {
        List<ChatMessage> messages = messages(10, 1000);
        HistoryPage.Page page = HistoryPage.of(found(messages, false), 3500);
        assertEquals(List.of(1L, 2L, 3L), ids(page));
        assertTrue(page.more());
        assertTrue(page.messages().toString().length() <= 3500);
    }

    @Test
    void aPageHoldsOneMessageEvenIfItIsLargerThanThePage() {
        HistoryPage.Page page = HistoryPage.of(found(messages(2, 4000), false), 1000);
        assertEquals(List.of(1L), ids(page));
        assertTrue(page.more());
    }

    @Test
    void whenEverythingFitsMoreIsWhatTheLimitSaid() {
        List<ChatMessage> messages = messages(3, 10);
        assertFalse(HistoryPage.of(found(messages, false), 1 << 20).more());
        assertTrue(HistoryPage.of(found(messages, true), 1 << 20).more());
        assertEquals(List.of(1L, 2L, 3L), ids(HistoryPage.of(found(messages, true), 1 << 20)));
    }

    @Test
    void latin1TextCostsOneBytePerCharacterAndAnyOtherTwo() {
        assertEquals(ChatMessage.OVERHEAD_BYTES + 3 + 4, new ChatMessage("r", 1, "bob", "café", TS).heapBytes());
        assertEquals(ChatMessage.OVERHEAD_BYTES + 3 + 2 * 3, new ChatMessage("r", 1, "bob", "€ur", TS).heapBytes());
        assertEquals(ChatMessage.OVERHEAD_BYTES + 3 + 2 * 2, new ChatMessage("r", 1, "bob", "\uD83D\uDE00", TS)
                .heapBytes(), "a surrogate pair is two chars");
    }

    private static List<ChatMessage> messages(int count, int textLength) {
        List<ChatMessage> messages = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            messages.add(new ChatMessage("r", id, "bob", "t".repeat(textLength), TS));
        }
        return messages;
    }

    private static List<Long> ids(HistoryPage.Page page) {
        return page.messages().getValuesAs(JsonObject.class).stream().map(m -> m.getJsonNumber("id").longValue())
                .toList();
    }
}

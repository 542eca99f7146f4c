package dev.parley.chat;

import java.util.List;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import dev.parley.session.OutboundQueue;

/**
 * One {@code history} answer's messages: as many as fit in a page of bytes, at least one. Issue 11, finding 5: "a
 * history answer is one frame; once a room holds more than 1 MiB of recent text, every resume is closed 1008 as a
 * slow consumer, in a loop". A page of a quarter of the outbound bound (at most 256 KiB) can never do that.
 */
final class HistoryPage {
    /** The most a page carries, whatever the outbound bound (docs/protocol.md). */
    static final long MAX_BYTES = 256 * 1024;

    /** The messages and whether some were left for the next request. */
    record Page(JsonArray messages, boolean more) {
    }

    private HistoryPage() {
    }

    /** The page size for a session whose outbound queue holds {@code outboundMaxBytes}. */
    static long budget(long outboundMaxBytes) {
        return Math.min(outboundMaxBytes / 4, MAX_BYTES);
    }

    /** The first of {@code history}'s messages that fit in {@code budgetBytes} of JSON (at least one). */
    static Page of(RoomStore.History history, long budgetBytes) {
        List<ChatMessage> messages = history.messages();
        JsonArrayBuilder page = ChatJson.array();
        long used = 0;
        for (int i = 0; i < messages.size(); i++) {
            JsonObject json = messages.get(i).toJson();
            long bytes = OutboundQueue.utf8Length(json.toString()) + 1; // and its comma
            if (i > 0 && used + bytes > budgetBytes) {
                return new Page(page.build(), true);
            }
            used += bytes;
            page.add(json);
        }
        return new Page(page.build(), history.more());
    }
}

package dev.parley.redis;

import java.util.ArrayList;
import java.util.List;

import dev.parley.chat.ChatMessage;
import dev.parley.chat.RoomStore;

/**
 * A history answer from what a read of the room's meta and log found, with the memory store's meaning
 * ({@code ChatRoom.history}): {@code reset} for another epoch, {@code complete} when the log still reaches back to
 * {@code since} and {@code since} is not beyond the last id, {@code more} when the limit cut it short. Sans-I/O.
 */
final class RoomHistory {
    private RoomHistory() {
    }

    /** The answer; a room whose data is gone from Redis makes its {@code feed} repair (and so reset). */
    static RoomStore.History of(RoomFeed<?> feed, RoomReads.Snapshot snapshot, long since, int limit,
                                String clientEpoch) {
        if (snapshot.epoch() == null) { // the room's data is gone from Redis: its feed resets its members
            feed.behind();
            String known = feed.epoch();
            return new RoomStore.History(List.of(), false, false, clientEpoch != null, known == null ? "" : known, 0);
        }
        if (clientEpoch != null && !clientEpoch.equals(snapshot.epoch())) {
            return new RoomStore.History(List.of(), false, false, true, snapshot.epoch(), snapshot.last());
        }
        boolean complete = since >= snapshot.oldest() - 1 && since <= snapshot.last();
        List<ChatMessage> messages = new ArrayList<>();
        for (RoomEvent.Message message : snapshot.messages()) {
            if (messages.size() == limit) {
                return new RoomStore.History(messages, complete, true, false, snapshot.epoch(), snapshot.last());
            }
            messages.add(RoomFrames.parse(message.frame()));
        }
        return new RoomStore.History(messages, complete, false, false, snapshot.epoch(), snapshot.last());
    }
}

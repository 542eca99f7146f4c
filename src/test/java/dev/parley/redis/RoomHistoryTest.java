package dev.parley.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import dev.parley.chat.RoomStore;

/** {@link RoomHistory}: the memory store's complete/more/reset from a read of the log; {@link SayDeadline}. */
class RoomHistoryTest {
    private static final Instant TS = Instant.parse("2026-12-02T00:00:00Z");
    private final RoomFeed<String> feed = new RoomFeed<>(new RoomFeed.Out<>() {
        @Override
        public void send(Collection<String> to, String frame) {
        }

        @Override
        public void close(String member) {
        }

        @Override
        public void fetch(long fetch, long after, long upTo) {
        }
    }, m -> m);

    /** The log keeps ids oldest..last; the read asked for ids above since. */
    private static RoomReads.Snapshot read(long oldest, long last, long since, int limit) {
        List<RoomEvent.Message> messages = LongStream.rangeClosed(Math.max(oldest, since + 1), last).limit(limit + 1)
                .mapToObj(id -> new RoomEvent.Message("e", id,
                        RoomFrames.message("r", "u", "t" + id, TS).frame(id))).toList();
        return new RoomReads.Snapshot("e", last, oldest > last ? last + 1 : oldest, messages);
    }

    @Test
    void completeWhenTheLogReachesBackToSinceAndSinceIsNotBeyondLast() {
        RoomStore.History all = RoomHistory.of(feed, read(1, 5, 0, 10), 0, 10, "e");
        assertTrue(all.complete());
        assertFalse(all.more());
        assertEquals(5, all.messages().size());
        assertEquals("t1", all.messages().get(0).text());
        assertTrue(RoomHistory.of(feed, read(4, 5, 3, 10), 3, 10, null).complete());
        assertFalse(RoomHistory.of(feed, read(4, 5, 2, 10), 2, 10, null).complete(), "id 3 was trimmed");
        assertFalse(RoomHistory.of(feed, read(1, 5, 9, 10), 9, 10, null).complete(), "since beyond last");
        assertTrue(RoomHistory.of(feed, read(6, 5, 5, 10), 5, 10, null).complete(), "nothing kept, nothing missed");
    }

    @Test
    void moreWhenTheLimitCutsItShort() {
        RoomStore.History page = RoomHistory.of(feed, read(1, 5, 0, 2), 0, 2, null);
        assertEquals(2, page.messages().size());
        assertTrue(page.more());
        assertEquals(5, page.last());
    }

    @Test
    void anotherEpochIsAResetAndARoomGoneFromRedisIsIncomplete() {
        RoomStore.History reset = RoomHistory.of(feed, read(1, 5, 0, 10), 0, 10, "old");
        assertTrue(reset.reset());
        assertFalse(reset.complete());
        assertTrue(reset.messages().isEmpty());
        assertEquals("e", reset.epoch());
        RoomStore.History gone = RoomHistory.of(feed, new RoomReads.Snapshot(null, 0, 1, List.of()), 0, 10, "e");
        assertFalse(gone.complete());
        assertTrue(gone.reset());
    }

    @Test
    void aSaysDeadlineLeavesTheAnswerTimeToArriveOnRedissClock() {
        SayDeadline deadline = new SayDeadline(Duration.ofSeconds(2));
        assertEquals(1_000 + 1_500, deadline.at(1_000));
        deadline.calibrated("10", "250000", 9_000, 9_200); // Redis at 10,250 ms while we were at ~9,100
        assertEquals(20_000 + 1_150 + 1_500, deadline.at(20_000));
        assertEquals(100 + 75, new SayDeadline(Duration.ofMillis(100)).at(100));
    }
}

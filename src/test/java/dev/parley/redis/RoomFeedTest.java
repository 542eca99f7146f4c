package dev.parley.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

/** {@link RoomFeed}: event sequences in, frames per member, closes and fetches out. Members are "user#n". */
class RoomFeedTest {
    private static final String E = "e1";

    private final List<String> log = new ArrayList<>();
    private final List<long[]> fetches = new ArrayList<>();
    private final RoomFeed<String> feed = new RoomFeed<>(new RoomFeed.Out<>() {
        @Override
        public void send(Collection<String> to, String frame) {
            to.forEach(m -> log.add(m + "<" + frame));
        }

        @Override
        public void close(String member) {
            log.add(member + " closed");
        }

        @Override
        public void fetch(long fetch, long after, long upTo) {
            fetches.add(new long[] {fetch, after, upTo});
        }
    }, m -> m.split("#")[0]);

    private static RoomEvent msg(long id) {
        return new RoomEvent.Message(E, id, "m" + id);
    }

    private static RoomEvent.Message entry(long id) {
        return new RoomEvent.Message(E, id, "m" + id);
    }

    private static RoomEvent presence(long seq, String user) {
        return new RoomEvent.Presence(E, seq, user, user + "+" + seq);
    }

    private void events(long... ids) {
        for (long id : ids) {
            feed.event(msg(id));
        }
    }

    private List<String> taken() {
        List<String> taken = List.copyOf(log);
        log.clear();
        return taken;
    }

    private long[] lastFetch() {
        return fetches.get(fetches.size() - 1);
    }

    private void joinAt(String member, long last) {
        CompletableFuture<Void> ready = feed.joining(member);
        feed.joined(member, E, last, 0, "ack:" + member);
        assertTrue(ready.isDone() && !ready.isCompletedExceptionally(), member);
    }

    @Test
    void inOrderDeliveredOnceDuplicatesDropped() {
        joinAt("a#1", 5);
        events(6, 6, 7, 5, 7, 8);
        assertEquals(List.of("a#1<ack:a#1", "a#1<m6", "a#1<m7", "a#1<m8"), taken());
        assertTrue(fetches.isEmpty());
        assertEquals(8, feed.watermark());
    }

    @Test
    void aGapIsRepairedFromTheLogAndWhatArrivesMeanwhileWaits() {
        joinAt("a#1", 5);
        events(6, 9);
        assertEquals(List.of(1L, 6L, 8L), List.of(lastFetch()[0], lastFetch()[1], lastFetch()[2]));
        events(10, 7);
        feed.repaired(lastFetch()[0], E, 10, List.of(entry(7), entry(8)));
        events(9, 11);
        assertEquals(List.of("a#1<ack:a#1", "a#1<m6", "a#1<m7", "a#1<m8", "a#1<m9", "a#1<m10", "a#1<m11"), taken());
        assertEquals(1, fetches.size());
    }

    @Test
    void typingGoesToTheOtherUsersAtOnceEvenDuringARepairAndIsNeverKept() {
        joinAt("a#1", 5);
        joinAt("a#2", 5);
        joinAt("b#1", 5);
        taken();
        events(7); // a gap: the feed waits for its repair
        feed.event(new RoomEvent.Typing("an old epoch", "a", "a types"));
        assertEquals(List.of("b#1<a types"), taken(), "not to a's own sessions; not held behind the gap");
        feed.repaired(lastFetch()[0], E, 7, List.of(entry(6)));
        assertEquals(List.of("a#1<m6", "a#2<m6", "b#1<m6", "a#1<m7", "a#2<m7", "b#1<m7"), taken());
        assertEquals(7, feed.watermark(), "it took no id");
    }

    @Test
    void reorderedEventsComeOutInIdOrder() {
        joinAt("a#1", 0);
        events(2, 1, 3);
        feed.repaired(lastFetch()[0], E, 3, List.of(entry(1)));
        assertEquals(List.of("a#1<ack:a#1", "a#1<m1", "a#1<m2", "a#1<m3"), taken());
    }

    @Test
    void aNewEpochClosesTheRoomsMembersAndTheOldEpochIsIgnoredAfter() {
        joinAt("a#1", 5);
        joinAt("b#1", 5);
        taken();
        feed.event(new RoomEvent.Message("e2", 1, "x"));
        assertEquals(List.of("a#1 closed", "b#1 closed"), taken());
        assertTrue(feed.isEmpty());
        events(6);
        assertTrue(taken().isEmpty());
    }

    @Test
    void aRepairFindingItsIdsTrimmedResetsTheRoom() {
        joinAt("a#1", 5);
        events(9);
        feed.repaired(lastFetch()[0], E, 9, List.of(entry(7), entry(8), entry(9)));
        assertEquals(List.of("a#1<ack:a#1", "a#1 closed"), taken());
    }

    @Test
    void aRepairSeeingAnotherEpochOrFewerIdsResets() {
        joinAt("a#1", 5);
        events(8);
        feed.repaired(lastFetch()[0], "e2", 8, List.of(entry(6)));
        assertEquals(List.of("a#1<ack:a#1", "a#1 closed"), taken());
        joinAt("b#1", 5);
        feed.behind();
        feed.repaired(lastFetch()[0], E, 3, List.of());
        assertEquals(List.of("b#1<ack:b#1", "b#1 closed"), taken());
    }

    @Test
    void aJoinAnsweredAfterTheNodeDeliveredPastItsLastGetsTheMissedIdsAfterItsAck() {
        joinAt("a#1", 5);
        feed.joining("b#1");
        events(6, 7);
        feed.joined("b#1", E, 5, 0, "ack:b");
        events(8);
        assertEquals(List.of("a#1<ack:a#1", "a#1<m6", "a#1<m7", "b#1<ack:b", "b#1<m6", "b#1<m7", "a#1<m8",
                "b#1<m8"), taken());
    }

    @Test
    void aJoinAnsweredBeforeTheNodeReachedItsLastWaitsForIt() {
        joinAt("a#1", 3);
        CompletableFuture<Void> ready = feed.joining("b#1");
        feed.joined("b#1", E, 5, 0, "ack:b");
        assertFalse(ready.isDone());
        assertEquals(List.of(1L, 3L, Long.MAX_VALUE), List.of(lastFetch()[0], lastFetch()[1], lastFetch()[2]));
        events(6);
        feed.repaired(lastFetch()[0], E, 5, List.of(entry(4), entry(5)));
        assertTrue(ready.isDone());
        assertEquals(List.of("a#1<ack:a#1", "a#1<m4", "a#1<m5", "b#1<ack:b", "a#1<m6", "b#1<m6"), taken());
    }

    @Test
    void presenceTheJoinAlreadyCountsIsNotRepeatedAndOwnPresenceNotSent() {
        joinAt("a#1", 0);
        feed.joining("b#1");
        feed.event(presence(3, "carol"));
        feed.event(presence(4, "b"));
        feed.joined("b#1", E, 0, 4, "ack:b");
        feed.event(presence(5, "dave"));
        feed.event(presence(6, "a"));
        assertEquals(List.of("a#1<ack:a#1", "a#1<carol+3", "a#1<b+4", "b#1<ack:b", "a#1<dave+5", "b#1<dave+5",
                "b#1<a+6"), taken());
    }

    @Test
    void presenceTheJoinCountsThatArrivesAfterItsAckIsNotSentToIt() {
        joinAt("a#1", 0);
        feed.joining("b#1");
        // carol's join (3) and b's own (4) were published before b's join script answered, but reach the channel
        // listener only after the answer: b's member list has them already
        feed.joined("b#1", E, 0, 4, "ack:b");
        feed.event(presence(3, "carol"));
        feed.event(presence(4, "b"));
        feed.event(presence(5, "dave"));
        assertEquals(List.of("a#1<ack:a#1", "b#1<ack:b", "a#1<carol+3", "a#1<b+4", "a#1<dave+5", "b#1<dave+5"),
                taken());
    }

    @Test
    void aFreshFeedWithTwoJoinsStartsAtTheFirstAnswerAndServesTheOtherFromWhatCameEarly() {
        feed.joining("a#1");
        feed.joining("b#1");
        events(4, 5, 6);
        feed.joined("a#1", E, 5, 0, "ack:a");
        feed.joined("b#1", E, 3, 0, "ack:b");
        events(7);
        assertEquals(List.of("a#1<ack:a", "a#1<m6", "b#1<ack:b", "b#1<m4", "b#1<m5", "b#1<m6", "a#1<m7", "b#1<m7"),
                taken());
        assertTrue(fetches.isEmpty());
    }

    @Test
    void aSayCompletesOnceItsIdWasDeliveredHere() {
        joinAt("a#1", 5);
        CompletableFuture<Void> said = feed.said(E, 7);
        assertTrue(feed.said(E, 5).isDone());
        events(6);
        assertFalse(said.isDone());
        events(7);
        assertTrue(said.isDone());
    }

    @Test
    void lostEventsAndFailedFetchesAreRepairedAtTheNextChance() {
        joinAt("a#1", 5);
        feed.behind();
        long first = lastFetch()[0];
        feed.fetchFailed(first);
        events(6);
        assertEquals(2, fetches.size());
        assertEquals(List.of(5L, Long.MAX_VALUE), List.of(lastFetch()[1], lastFetch()[2]));
        feed.repaired(first, E, 9, List.of(entry(6))); // a stale answer: ignored
        feed.repaired(lastFetch()[0], E, 7, List.of(entry(6), entry(7)));
        assertEquals(List.of("a#1<ack:a#1", "a#1<m6", "a#1<m7"), taken());
    }

    @Test
    void aJoinWaitingForARepairThatFailedIsServedWhenItIsTriedAgain() {
        joinAt("a#1", 3);
        CompletableFuture<Void> ready = feed.joining("b#1");
        feed.joined("b#1", E, 4, 0, "ack:b");
        feed.fetchFailed(lastFetch()[0]);
        feed.retry();
        assertEquals(2, fetches.size());
        feed.repaired(lastFetch()[0], E, 4, List.of(entry(4)));
        assertTrue(ready.isDone());
        assertEquals(List.of("a#1<ack:a#1", "a#1<m4", "b#1<ack:b"), taken());
    }

    @Test
    void aJoinerThatFallsTooFarBehindIsClosed() {
        joinAt("a#1", 0);
        feed.joining("b#1");
        feed.event(presence(1, "x"));
        LongStream.rangeClosed(1, RoomFeed.MAX_HELD).forEach(id -> feed.event(msg(id)));
        feed.joined("b#1", E, 0, 0, "ack:b");
        assertTrue(log.contains("b#1 closed"));
        assertFalse(feed.isMember("b#1"));
        assertTrue(feed.isMember("a#1"));
    }

    @Test
    void leavingEmptiesTheFeed() {
        joinAt("a#1", 0);
        feed.joining("b#1");
        assertFalse(feed.left("a#1"));
        assertTrue(feed.left("b#1"));
    }
}

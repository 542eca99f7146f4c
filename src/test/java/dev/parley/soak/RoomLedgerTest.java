package dev.parley.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The sequence check fed event by event, as a client would meet them: counts asserted one by one. */
class RoomLedgerTest {
    private final Tally tally = new Tally();
    private final RoomLedger room = new RoomLedger("me", tally);

    private void joined(long last) {
        room.joinSent();
        room.joinAcked(last, "e1");
    }

    private void live(long... ids) {
        for (long id : ids) {
            room.live(id, "other", "t" + id);
        }
    }

    @Test
    void anUnbrokenLiveStreamCountsNoFailure() {
        joined(7);
        live(8, 9, 10);
        room.finalCheck(10, "e1");
        room.disconnected();
        assertEquals(3, tally.liveMessages);
        assertEquals(0, tally.failures());
        assertEquals(1, tally.finalChecks);
    }

    @Test
    void messagesBeforeTheJoinAnswerAreCheckedAgainstItsLast() {
        room.joinSent();
        live(6, 7);
        room.joinAcked(5, "e1");
        live(8);
        room.disconnected();
        assertEquals(3, tally.liveMessages);
        assertEquals(0, tally.failures());
    }

    @Test
    void aSkippedIdIsLostAndOneThatComesLateIsOutOfOrder() {
        joined(0);
        live(1, 3, 5, 2);
        room.disconnected();
        assertEquals(1, tally.outOfOrder); // 2
        assertEquals(1, tally.lost); // 4
        assertEquals(0, tally.duplicated);
    }

    @Test
    void anIdTwiceIsADuplicateAndSoIsOneAtOrBelowTheJoinsLast() {
        joined(3);
        live(3, 4, 4, 5);
        room.disconnected();
        assertEquals(2, tally.duplicated);
        assertEquals(0, tally.lost);
        assertEquals(0, tally.outOfOrder);
    }

    @Test
    void aTailThatNeverArrivesIsFoundByTheFinalCheck() {
        joined(0);
        live(1, 2);
        room.finalCheck(4, "e1");
        room.disconnected();
        assertEquals(2, tally.lost);
    }

    @Test
    void aResumeWhoseHistoryFillsTheGapLosesNothingAndMayOverlapTheLiveStream() {
        joined(10);
        live(11, 12);
        room.disconnected();
        room.joinSent();
        assertEquals(12, room.resumeSince());
        live(16); // arrives before the join's answer
        room.joinAcked(15, "e1");
        assertTrue(room.resuming());
        live(17);
        assertEquals(-1, room.historyPage(12, List.of(13L, 14L, 15L, 16L, 17L), true, false));
        live(18);
        room.finalCheck(18, "e1");
        room.disconnected();
        assertFalse(room.resuming());
        assertEquals(1, tally.resumes);
        assertEquals(0, tally.failures());
        assertEquals(5, tally.historyMessages);
    }

    @Test
    void aResumeFollowsMoreAndCountsWhatNoPageHeld() {
        joined(0);
        live(1);
        room.disconnected();
        room.joinSent();
        room.joinAcked(6, "e1");
        assertEquals(3, room.historyPage(1, List.of(2L, 3L), true, true));
        assertEquals(-1, room.historyPage(3, List.of(4L, 6L), true, false));
        assertEquals(1, tally.lost); // 5
        assertEquals(2, tally.historyPages);
    }

    @Test
    void historyThatNoLongerReachesBackIsDroppedNotLost() {
        joined(0);
        live(1);
        room.disconnected();
        room.joinSent();
        room.joinAcked(10, "e1");
        assertEquals(-1, room.historyPage(1, List.of(5L, 6L, 7L, 8L, 9L, 10L), false, false));
        assertEquals(3, tally.historyDropped); // 2, 3, 4
        assertEquals(0, tally.failures());
    }

    @Test
    void historyPagesOutOfOrderOrWithRepeatsAreCounted() {
        joined(0);
        room.disconnected();
        room.joinSent();
        room.joinAcked(4, "e1");
        room.historyPage(0, List.of(1L, 3L, 2L, 3L, 4L), true, false);
        assertEquals(1, tally.outOfOrder);
        assertEquals(1, tally.duplicated);
    }

    @Test
    void aRefusedHistorySkipsTheGapWithoutJudgingIt() {
        joined(0);
        room.disconnected();
        room.joinSent();
        room.joinAcked(9, "e1");
        room.historyFailed();
        live(10);
        room.disconnected();
        assertEquals(1, tally.resumesAbandoned);
        assertEquals(0, tally.failures());
        assertEquals(10, room.resumeSince());
    }

    /** Issue 12: after a restart the room's ids may well pass the client's before it is back; the epoch tells. */
    @Test
    void aRoomUnderANewEpochIsAResetEvenAboveWhatTheClientHad() {
        joined(4);
        live(5);
        room.disconnected();
        room.joinSent();
        room.joinAcked(9, "e2");
        assertFalse(room.resuming(), "nothing of the new epoch is taken for the ids it had");
        assertEquals(-1, room.historyPage(5, List.of(), false, false)); // the answer to its history: reset
        live(10);
        room.finalCheck(10, "e2");
        room.disconnected();
        assertEquals(1, tally.roomResets);
        assertEquals(0, tally.resumes);
        assertEquals(0, tally.failures());
    }

    @Test
    void aRoomStartedAgainBelowWhatTheClientHadIsAResetNotALoss() {
        joined(40);
        room.disconnected();
        room.joinSent();
        room.joinAcked(2, "e2");
        live(3);
        room.disconnected();
        assertEquals(1, tally.roomResets);
        assertEquals(0, tally.failures());
    }

    @Test
    void afterLeavingAMessageIsUnexpectedAndTheRoomIsNoLongerFollowed() {
        joined(0);
        live(1);
        room.leaveSent();
        live(2); // still fine: sent before the leave was handled
        room.leaveAcked();
        live(3);
        assertEquals(1, tally.unexpected);
        assertFalse(room.followed());
        assertEquals(1, tally.leaves);
        joined(3);
        live(4);
        room.disconnected();
        assertEquals(1, tally.failures());
    }

    @Test
    void ownMessagesComeBackOnceWithTheAcknowledgedIdAndText() {
        joined(0);
        room.said("a");
        room.live(1, "me", "a");
        room.sayAcked(1, "a");
        room.said("b");
        room.sayAcked(2, "b"); // the message after its acknowledgement: allowed, as long as it comes
        room.live(2, "me", "b");
        room.said("c");
        room.live(3, "me", "c");
        room.sayAcked(4, "c"); // acknowledged with another id than it came with
        room.said("d");
        room.sayAcked(5, "d"); // never comes back
        room.live(4, "other", "x");
        room.disconnected();
        assertEquals(1, tally.ownMismatch);
        assertEquals(1, tally.ownLost);
        assertEquals(4, tally.says);
        assertEquals(4, tally.saysAcked);
        assertEquals(0, tally.lost + tally.duplicated + tally.outOfOrder);
    }

    @Test
    void aRefusedJoinForgetsTheRoom() {
        room.joinSent();
        room.live(1, "other", "x");
        room.joinFailed();
        assertFalse(room.followed());
        assertEquals(RoomLedger.State.OUT, room.state());
        assertEquals(0, tally.failures());
    }
}

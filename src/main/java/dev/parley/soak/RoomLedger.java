package dev.parley.soak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sequence check of one client in one room, without I/O: told the client's requests and the server's answers and
 * room messages in the order the client meets them, it counts into a {@link Tally} what was lost, duplicated or out of
 * order. The rules are docs/protocol.md's:
 * <ul>
 *   <li>"Ids increase by one per room, in the order every member receives them": after a join acknowledged with
 *       {@code last = L}, the connection's live messages of the room are L+1, L+2, ... (some may arrive before the
 *       acknowledgement; they are held until it comes). A skipped id is lost unless it turns up later (then it is out
 *       of order); an id received twice is a duplicate.</li>
 *   <li>"Keep, per room, the highest id up to which you have every message. After reconnecting: join again, then
 *       history with since = that id [...] show each id once": after a reconnect, the history pages (followed while
 *       {@code more}) and the live messages together must hold every id from that one up to the new join's
 *       {@code last}. History and live may overlap; that is not a duplicate. Ids a page reports gone
 *       ({@code complete:false}) are counted as dropped, not lost.</li>
 *   <li>A say's message reaches its sender too, with the id of the acknowledgement and the same text.</li>
 *   <li>"An id means nothing without its epoch": a join answered with another epoch than the client's ids belong
 *       to (the room was made anew) is counted as a reset, and the client starts again from the answer's last.</li>
 * </ul>
 * Not thread-safe: a client's ledgers live on its loop's thread.
 */
final class RoomLedger {
    /** Membership of the client's current connection. */
    enum State { OUT, JOINING, IN, LEAVING }

    /** More skipped ids than this in one jump are counted at once instead of being remembered one by one. */
    private static final int MAX_REMEMBERED_GAP = 100_000;
    /** A resume that needs more history pages than this is given up (and counted as abandoned). */
    static final int MAX_PAGES = 100;

    private final String me;
    private final Tally tally;
    private State state = State.OUT;
    /** The room's epoch the ids below count in (docs/protocol.md, "Epochs"); null before the first join answer. */
    private String epoch;
    /** Whether the client keeps this room across reconnects: joined once and not left since. */
    private boolean followed;
    /** Every id up to this one is accounted for: received, or counted lost or dropped. */
    private long have;
    /** Ids received above {@code have}: live messages that came before the resume's history filled the gap. */
    private final TreeSet<Long> above = new TreeSet<>();
    // The live stream of the current connection.
    private long liveLast;
    private final TreeSet<Long> missing = new TreeSet<>();
    private final List<Long> early = new ArrayList<>();
    // A resume in progress: the history must fill everything up to the join's last.
    private boolean resuming;
    private long resumeTarget;
    private int pages;
    // The client's own messages.
    private final Set<String> ownInFlight = new HashSet<>();
    private final Map<String, Long> ownSeen = new HashMap<>();
    private final Map<Long, String> ownAcked = new HashMap<>();

    RoomLedger(String me, Tally tally) {
        this.me = me;
        this.tally = tally;
    }

    State state() {
        return state;
    }

    boolean followed() {
        return followed;
    }

    boolean resuming() {
        return resuming;
    }

    /** The epoch of the ids this ledger holds, for a resume's history request (null before any join answer). */
    String epoch() {
        return epoch;
    }

    /** The {@code since} of a resume's first history request: the highest id up to which the client has all. */
    long resumeSince() {
        return have;
    }

    void joinSent() {
        state = State.JOINING;
    }

    /** The join's answer: the room's last id in its epoch; another epoch than the one held is a reset. */
    void joinAcked(long last, String roomEpoch) {
        tally.joins++;
        state = State.IN;
        liveLast = last;
        missing.clear();
        boolean sameEpoch = roomEpoch.equals(epoch);
        epoch = roomEpoch;
        if (!followed) {
            followed = true;
            have = last;
            above.clear();
        } else if (!sameEpoch || last < have) {
            tally.roomResets++;
            have = last;
            above.clear();
        } else {
            tally.resumes++;
            resuming = true;
            resumeTarget = last;
            pages = 0;
        }
        List<Long> held = List.copyOf(early);
        early.clear();
        for (long id : held) {
            stream(id);
        }
    }

    void joinFailed() {
        early.clear();
        state = State.OUT;
        forget();
    }

    /** A room message on the current connection. */
    void live(long id, String from, String text) {
        if (me.equals(from)) {
            own(id, text);
        }
        switch (state) {
            case OUT -> tally.unexpected++;
            case JOINING -> early.add(id);
            case IN, LEAVING -> stream(id);
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void stream(long id) {
        tally.liveMessages++;
        if (id == liveLast + 1) {
            liveLast = id;
        } else if (id > liveLast + 1) {
            if (id - liveLast - 1 > MAX_REMEMBERED_GAP) {
                tally.lost += id - liveLast - 1 - MAX_REMEMBERED_GAP;
            }
            for (long k = Math.max(liveLast + 1, id - MAX_REMEMBERED_GAP); k < id; k++) {
                missing.add(k);
            }
            liveLast = id;
        } else if (missing.remove(id)) {
            tally.outOfOrder++;
        } else {
            tally.duplicated++;
            return;
        }
        cover(id);
    }

    /**
     * One history answer to a request with {@code since}.
     *
     * @return the {@code since} to ask for next (the answer said {@code more}), or -1 when the resume is done
     */
    long historyPage(long since, List<Long> ids, boolean complete, boolean more) {
        tally.historyPages++;
        tally.historyMessages += ids.size();
        long previous = since;
        Set<Long> inPage = new HashSet<>();
        for (long id : ids) {
            if (!inPage.add(id)) {
                tally.duplicated++;
            } else if (id <= previous) {
                tally.outOfOrder++;
            } else {
                previous = id;
            }
        }
        if (!resuming) {
            return -1;
        }
        if (!complete) {
            long first = ids.isEmpty() ? resumeTarget + 1 : Math.min(ids.get(0), resumeTarget + 1);
            for (long k = Math.max(since, have) + 1; k < first; k++) {
                if (k > have && !above.contains(k)) {
                    tally.historyDropped++;
                }
                cover(k);
            }
        }
        for (long id : ids) {
            cover(id);
        }
        if (more && !ids.isEmpty() && ++pages < MAX_PAGES) {
            return ids.get(ids.size() - 1);
        }
        if (more) {
            abandonResume();
            return -1;
        }
        // The history has come to an end: whatever up to the join's last is still missing never came.
        while (have < resumeTarget) {
            tally.lost++;
            cover(have + 1);
        }
        resuming = false;
        return -1;
    }

    /** The history request of a resume was refused: the gap it should have filled is skipped, not judged. */
    void historyFailed() {
        if (resuming) {
            abandonResume();
        }
    }

    private void abandonResume() {
        tally.resumesAbandoned++;
        above.headSet(resumeTarget, true).clear();
        have = Math.max(have, resumeTarget);
        absorb();
        resuming = false;
    }

    void leaveSent() {
        state = State.LEAVING;
    }

    void leaveAcked() {
        tally.leaves++;
        endStream();
        state = State.OUT;
        forget();
    }

    /** The connection is gone. A followed room stays followed: the next connection resumes it. */
    void disconnected() {
        switch (state) {
            case IN -> endStream();
            case LEAVING -> {
                endStream();
                forget();
            }
            case JOINING -> early.clear();
            case OUT -> { }
            default -> throw new IllegalStateException(state.name());
        }
        state = State.OUT;
        resuming = false;
        ownInFlight.clear();
        ownSeen.clear();
    }

    /**
     * The answer to a join sent again at the end, once nobody speaks any more: the room's last id. Every message up to
     * it was handed to this connection before that answer, so the live stream must have reached it.
     */
    void finalCheck(long last, String roomEpoch) {
        tally.finalChecks++;
        if (state != State.IN) {
            return;
        }
        if (!roomEpoch.equals(epoch) || last < liveLast) {
            tally.roomResets++;
            return;
        }
        for (long k = Math.max(liveLast + 1, last - MAX_REMEMBERED_GAP); k <= last; k++) {
            missing.add(k);
        }
        liveLast = last;
    }

    /** The client said {@code text} here (texts are unique per client). */
    void said(String text) {
        tally.says++;
        ownInFlight.add(text);
    }

    void sayAcked(long id, String text) {
        tally.saysAcked++;
        ownInFlight.remove(text);
        Long seen = ownSeen.remove(text);
        if (seen == null) {
            ownAcked.put(id, text);
        } else if (seen != id) {
            tally.ownMismatch++;
        }
    }

    void sayFailed(String text) {
        ownInFlight.remove(text);
        ownSeen.remove(text);
    }

    private void own(long id, String text) {
        if (ownInFlight.remove(text)) {
            ownSeen.put(text, id);
            return;
        }
        String acked = ownAcked.remove(id);
        if (acked != null && !acked.equals(text)) {
            tally.ownMismatch++;
        }
        // Otherwise: a say from a connection that is gone, answered after it went. Nothing to check.
    }

    private void endStream() {
        for (long id : missing) {
            tally.lost++;
            cover(id);
        }
        missing.clear();
        tally.ownLost += ownAcked.size();
        ownAcked.clear();
    }

    private void forget() {
        followed = false;
        resuming = false;
        above.clear();
    }

    /** Marks {@code id} as accounted for. */
    private void cover(long id) {
        if (id <= have) {
            return;
        }
        if (id != have + 1) {
            above.add(id);
            return;
        }
        have = id;
        absorb();
    }

    /** Moves {@code have} up through the ids above it that now follow on. */
    private void absorb() {
        while (!above.isEmpty() && above.first() <= have + 1) {
            have = Math.max(have, above.pollFirst());
        }
    }
}

package dev.parley.soak;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the soak clients saw, counted. One per client loop (so no locking: a loop's clients run on its one thread),
 * added together at the end. The first group are failures: any of them non-zero fails the soak.
 */
final class Tally {
    // Failures.
    /** Ids a client should have received (live, or through a resume's history) and never did. */
    long lost;
    /** Ids delivered twice on one live stream, or twice within one resume's history. */
    long duplicated;
    /** Ids that arrived after a higher id of the same room on the same stream. */
    long outOfOrder;
    /** Room messages on a connection that was not (or no longer) a member of the room. */
    long unexpected;
    /** A client's own acknowledged messages that never came back to it, or came back with another id or text. */
    long ownLost;
    long ownMismatch;

    // Figures.
    long liveMessages;
    long historyMessages;
    long historyPages;
    /** Ids a history answer reported gone ({@code complete:false}): dropped by the server's bound, not lost. */
    long historyDropped;
    /** A room whose ids started again below what the client had (removed while empty, then created again). */
    long roomResets;
    long says;
    long saysAcked;
    long joins;
    long leaves;
    long connects;
    long connectFailures;
    long resumes;
    long resumesAbandoned;
    long finalChecks;
    final Map<String, Long> errors = new TreeMap<>();
    final Map<String, Long> closes = new TreeMap<>();

    long failures() {
        return lost + duplicated + outOfOrder + unexpected + ownLost + ownMismatch;
    }

    void error(String code) {
        errors.merge(code, 1L, Long::sum);
    }

    void close(String how) {
        closes.merge(how, 1L, Long::sum);
    }

    void add(Tally o) {
        lost += o.lost;
        duplicated += o.duplicated;
        outOfOrder += o.outOfOrder;
        unexpected += o.unexpected;
        ownLost += o.ownLost;
        ownMismatch += o.ownMismatch;
        liveMessages += o.liveMessages;
        historyMessages += o.historyMessages;
        historyPages += o.historyPages;
        historyDropped += o.historyDropped;
        roomResets += o.roomResets;
        says += o.says;
        saysAcked += o.saysAcked;
        joins += o.joins;
        leaves += o.leaves;
        connects += o.connects;
        connectFailures += o.connectFailures;
        resumes += o.resumes;
        resumesAbandoned += o.resumesAbandoned;
        finalChecks += o.finalChecks;
        o.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
        o.closes.forEach((k, v) -> closes.merge(k, v, Long::sum));
    }
}

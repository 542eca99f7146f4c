package dev.parley.server;

import java.util.concurrent.atomic.AtomicBoolean;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.http.HttpContent;

import dev.parley.session.Limits;
import dev.parley.session.MemoryBudget;

/**
 * What {@link WireGuard} keeps for one upgraded connection: the checks of what the client sends (protocol, frame
 * budgets) and the count of what the server has not yet written to it.
 */
final class GuardedConnection {
    /** Which frame budget a read went over. */
    enum Budget {
        CONNECTION("frame rate exceeded"),
        ADDRESS("frame rate of this address exceeded");

        final String reason;

        Budget(String reason) {
            this.reason = reason;
        }
    }

    final String peer;
    final InboundCheck check;
    final UnwrittenBytes unwritten;
    private final FrameBucket frames;
    final AddressBudgets.Budget address;
    private final AtomicBoolean failed = new AtomicBoolean();

    // Read side: one read at a time (Grizzly reads a connection on one thread at a time).
    /** The rest of a read, already checked, that goes to Tyrus in the next run of the chain. */
    HttpContent held;
    /** The violation to fail the connection with once the last piece of the read has gone to Tyrus. */
    InboundCheck.Failure failureAfterPieces;

    /** permessage-deflate's inbound side, when the connection negotiated it (then it reads instead of {@link #check}). */
    InboundDeflate deflate;
    /** With {@link #deflate}: the rest of a read still to be inflated, which the next run of the chain brings back. */
    HttpContent deflateRest;

    /** The close frame the guard itself writes: the one write let through once the connection has failed. */
    volatile Buffer closeFrame;

    GuardedConnection(String peer, Limits limits, AddressBudgets.Budget address, MemoryBudget inbound,
                      MemoryBudget outbound, long nowNanos) {
        this.inbound = inbound.share();
        this.outbound = outbound.share();
        this.peer = peer;
        this.check = new InboundCheck(limits);
        this.unwritten = new UnwrittenBytes(limits.outboundMaxBytes());
        this.frames = new FrameBucket(limits.connectionFrames(), nowNanos);
        this.address = address;
    }

    /** Charges {@code count} frames to this connection's budget, then to its address's; null if both had room. */
    Budget charge(int count, long nowNanos) {
        if (!frames.take(count, nowNanos)) {
            return Budget.CONNECTION;
        }
        return address.frames.take(count, nowNanos) ? null : Budget.ADDRESS;
    }

    /** This connection's part of the server's inbound and outbound memory budgets. */
    final MemoryBudget.Share inbound;
    final MemoryBudget.Share outbound;
    /**
     * What {@link WireGuard}'s read side last charged {@link #inbound} for Tyrus's holdings (a connection without
     * permessage-deflate); read side only.
     */
    long heldCharged;
    /** The most bytes the guard has handed Tyrus at once (a read, or a piece of one); read side only. */
    private long largestPiece;

    /**
     * What Tyrus holds for this client after a read of {@code handed} bytes, from above: its frame buffer, which
     * grows to the largest frame plus the piece appended to it (at most {@link Limits#frameBufferBytes()}) and is
     * kept at that size, plus the fragments of the message in progress.
     */
    long heldByTyrus(int handed, int frameBufferBytes) {
        largestPiece = Math.max(largestPiece, Math.min(handed, Limits.READ_PIECE_BYTES));
        if (deflate != null) { // and the inflater's native memory while it holds one
            return Math.min(frameBufferBytes, largestPiece + deflate.largestFrameBytes()) + deflate.fragmentBytes()
                    + deflate.inflaterBytes();
        }
        return Math.min(frameBufferBytes, largestPiece + check.largestFrameBytes()) + check.fragmentBytes();
    }

    /** Marks the connection failed; true for the first caller only, who closes it. */
    boolean fail() {
        return failed.compareAndSet(false, true);
    }

    /** Whether it has failed: nothing more is read from it, nothing but the close frame written to it. */
    boolean failed() {
        return failed.get();
    }
}

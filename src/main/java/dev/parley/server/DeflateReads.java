package dev.parley.server;

import java.nio.ByteBuffer;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.memory.Buffers;

import dev.parley.session.Limits;
import dev.parley.session.MemoryBudget;

/**
 * {@link WireGuard}'s reads on a connection that negotiated permessage-deflate: each run of the chain gives Tyrus the
 * plain frames {@link InboundDeflate#read} made of the next part of the read (at most about 64 KiB: one piece,
 * {@link Limits#READ_PIECE_BYTES}), and hands the rest of the read back to the chain, which runs the guard again with
 * it at once. Frame and memory budgets are charged as on any connection; a violation fails the connection after the
 * whole frames before it have gone to Tyrus.
 */
final class DeflateReads {
    private DeflateReads() {
    }

    static NextAction read(FilterChainContext ctx, GuardedConnection state, HttpContent content, Limits limits,
                           FailedConnections failing, MemoryBudget inbound) {
        Connection<?> connection = ctx.getConnection();
        Buffer bytes = content.getContent();
        if (content == state.deflateRest) {
            state.deflateRest = null;
        }
        if (state.failed() || state.deflate.failed()) {
            bytes.position(bytes.limit()); // the connection is closing; drop what still trickles in
            return ctx.getStopAction();
        }
        if (bytes.isComposite() || !bytes.hasArray()) { // rare: read a plain copy
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            bytes = Buffers.wrap(connection.getMemoryManager(), copy);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        int start = in.position();
        InboundDeflate.Result result = state.deflate.read(in);
        bytes.position(bytes.position() + in.position() - start);

        int frames = state.deflate.takeFrames();
        if (result.violation() == null && frames > 0) {
            GuardedConnection.Budget over = state.charge(frames, System.nanoTime());
            if (over != null) {
                failing.overBudget(connection, state, over);
                return ctx.getStopAction();
            }
        }
        if (result.violation() == null) {
            long held = state.heldByTyrus(result.length(), limits.frameBufferBytes());
            if (!state.inbound.resize(held)) {
                failing.overMemoryBudget(connection, state, inbound, held);
                return ctx.getStopAction();
            }
        }
        InboundCheck.Failure failure = result.violation() == null ? null
                : new InboundCheck.Failure(result.violation(), result.length());
        if (result.length() == 0) {
            if (failure != null) {
                failing.violation(connection, state, failure);
                return ctx.getStopAction();
            }
            return bytes.hasRemaining() ? rest(ctx, state, content, bytes) : ctx.getStopAction();
        }
        ctx.setMessage(HttpContent.create(content.getHttpHeader(), content.isLast(),
                Buffers.wrap(connection.getMemoryManager(), result.out(), 0, result.length())));
        if (failure != null) {
            ctx.addCompletionListener(done -> failing.violation(connection, state, failure));
            return ctx.getInvokeAction();
        }
        return bytes.hasRemaining() ? rest(ctx, state, content, bytes) : ctx.getInvokeAction();
    }

    /** Tyrus gets what is in the context now; then the chain brings the rest of the read back to the guard. */
    private static NextAction rest(FilterChainContext ctx, GuardedConnection state, HttpContent content, Buffer bytes) {
        state.deflateRest = HttpContent.create(content.getHttpHeader(), content.isLast(), bytes);
        if (ctx.getMessage() == content) { // nothing for Tyrus from this part: go straight on with the rest
            ctx.setMessage(state.deflateRest);
            return ctx.getRerunFilterAction();
        }
        return ctx.getInvokeAction(state.deflateRest);
    }
}

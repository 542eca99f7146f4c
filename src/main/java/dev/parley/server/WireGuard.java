package dev.parley.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.asyncqueue.AsyncQueueWriter;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter;

import dev.parley.metrics.Metrics;
import dev.parley.session.Limits;
import dev.parley.session.MemoryBudget;

/**
 * Puts the project's RFC 6455 decoder and the connection's budgets in front of Tyrus on every upgraded connection of
 * the embedded server, on the way in and on the way out.
 *
 * <p>In: stock Tyrus accepts unmasked client frames, buffers an oversize frame before answering 1011, checks UTF-8
 * only once a frame is whole, and answers every ping however fast they come. This filter sits just before Tyrus's
 * {@link GrizzlyServerFilter}, checks each read with {@link InboundCheck}, charges its frames to the connection's and
 * the address's frame budgets, and hands the bytes on unchanged, or with {@link Tuning#unmask()} unmasked in place
 * (see {@link InboundCheck#unmask}), in pieces of at most {@link Limits#READ_PIECE_BYTES} so that Tyrus's frame
 * buffer ({@link Limits#frameBufferBytes()}) always fits what it keeps of a frame plus the next piece. At the first
 * violation it passes on the whole valid frames that came before it, and fails the connection with the violation's
 * code (1002, 1007, 1009); over a frame budget, with 1008. Tyrus never sees the offending bytes. With
 * {@link DeflateConfig#on()} it negotiates permessage-deflate on the 101 ({@link Deflation}); a connection that has it
 * is read by {@link InboundDeflate} instead ({@link DeflateReads}): Tyrus gets plain, inflated frames.
 *
 * <p>Out: every write to the connection (data frames, pongs, close frames) is counted by {@link UnwrittenBytes}
 * until the socket has taken it; a write that would pass the bound is dropped and the connection failed with 1008.
 * So a client that sends pings and never reads pins a bounded number of pongs.
 *
 * <p>Memory budgets shared by all connections (issue 11): what Tyrus holds for each client (its frame buffer, kept at
 * the size of the largest frame, and the fragments of a message not yet finished) is charged to the inbound budget
 * after each read ({@link GuardedConnection#heldByTyrus}), and every write
 * but a close frame to the outbound budget (the same one the outbound queues share) until the socket has taken it. A
 * read or write that finds its budget spent fails its connection with 1013.
 */
final class WireGuard extends BaseFilter implements AddOn, AutoCloseable {
    private static final Attribute<GuardedConnection> STATE =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(WireGuard.class.getName() + ".state");

    private final Limits limits;
    private final boolean unmask;
    private final AddressBudgets addresses;
    private final FailedConnections failing;
    private final MemoryBudget inbound;
    private final MemoryBudget outbound;
    private final DeflateConfig deflate;

    /**
     * @param inbound  the server's budget for unfinished input ({@code Sessions.inboundBudget()}, which Socket.IO
     *                 shares)
     * @param outbound the budget the sessions' outbound queues share ({@code Sessions.outboundBudget()})
     */
    WireGuard(Limits limits, Metrics metrics, boolean unmask, MemoryBudget inbound, MemoryBudget outbound) {
        this(limits, metrics, unmask, inbound, outbound, DeflateConfig.OFF);
    }

    /** @param deflate permessage-deflate: negotiated on the 101 when on, then read by {@link InboundDeflate} */
    WireGuard(Limits limits, Metrics metrics, boolean unmask, MemoryBudget inbound, MemoryBudget outbound,
              DeflateConfig deflate) {
        this.deflate = deflate;
        this.limits = limits;
        this.inbound = inbound;
        this.outbound = outbound;
        this.unmask = unmask;
        this.addresses = new AddressBudgets(limits.addressFrames());
        this.failing = new FailedConnections(limits, metrics);
    }

    /** Registers the filter just before Tyrus's; register this add-on after Tyrus's {@code WebSocketAddOn}. */
    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int tyrus = builder.indexOfType(GrizzlyServerFilter.class);
        if (tyrus < 0) {
            throw new IllegalStateException("WireGuard must be registered after Tyrus's WebSocketAddOn");
        }
        builder.add(tyrus, this);
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (!(ctx.getMessage() instanceof HttpContent content) || !upgraded(content)) {
            return ctx.getInvokeAction(); // plain HTTP, or the upgrade request itself
        }
        Connection<?> connection = ctx.getConnection();
        GuardedConnection state = STATE.get(connection);
        if (state == null) { // the 101 went out without passing handleWrite: not expected, but guard it anyway
            state = open(connection);
        }
        if (state.deflate != null) {
            return DeflateReads.read(ctx, state, content, limits, failing, inbound);
        }
        if (content == state.held) { // the rest of a read checked before: the next piece goes on
            state.held = null;
            if (state.failed()) { // failed meanwhile (by a write Tyrus made for the piece before)
                content.getContent().position(content.getContent().limit());
                return ctx.getStopAction();
            }
            InboundCheck.Failure failure = state.failureAfterPieces;
            state.failureAfterPieces = null;
            return handOn(ctx, state, content, failure);
        }
        Buffer bytes = content.getContent();
        if (state.failed() || state.check.failed()) {
            bytes.position(bytes.limit()); // the connection is closing; drop what still trickles in
            return ctx.getStopAction();
        }
        InboundCheck.Failure failure;
        if (unmask) {
            if (bytes.isComposite() || !bytes.hasArray() || bytes.isReadOnly()) { // rare: rewrite a plain copy
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                bytes = Buffers.wrap(connection.getMemoryManager(), copy);
                content = HttpContent.create(content.getHttpHeader(), content.isLast(), bytes);
                ctx.setMessage(content);
            }
            ByteBuffer view = ByteBuffer.wrap(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            failure = state.check.unmask(view); // moves the view's limit to the end of the rewritten bytes
            bytes.limit(bytes.position() + view.remaining());
        } else {
            failure = check(state.check, bytes);
            if (failure != null) {
                bytes.limit(bytes.position() + failure.validBytes());
            }
        }
        int frames = state.check.takeFrames();
        if (failure == null && frames > 0) {
            GuardedConnection.Budget over = state.charge(frames, System.nanoTime());
            if (over != null) {
                failing.overBudget(connection, state, over);
                bytes.position(bytes.limit());
                return ctx.getStopAction();
            }
        }
        if (failure == null) {
            long held = state.heldByTyrus(bytes.remaining(), limits.frameBufferBytes());
            if (held != state.heldCharged) { // most reads change nothing: no lock then (issue 16)
                if (!state.inbound.resize(held)) {
                    failing.overMemoryBudget(connection, state, inbound, held);
                    bytes.position(bytes.limit());
                    return ctx.getStopAction();
                }
                state.heldCharged = held;
            }
        }
        return handOn(ctx, state, content, failure);
    }

    /**
     * Hands the checked bytes of {@code content} to Tyrus, at most {@link Limits#READ_PIECE_BYTES} now: the rest goes
     * back to the chain, which runs this filter again with it at once. A failure is acted on after the last piece.
     */
    private NextAction handOn(FilterChainContext ctx, GuardedConnection state, HttpContent content,
                              InboundCheck.Failure failure) {
        Buffer bytes = content.getContent();
        if (bytes.remaining() > Limits.READ_PIECE_BYTES) {
            int cut = bytes.position() + Limits.READ_PIECE_BYTES;
            Buffer rest = bytes.duplicate(); // shares the bytes: Tyrus copies each piece before the next one runs
            rest.position(cut);
            bytes.limit(cut);
            state.held = HttpContent.create(content.getHttpHeader(), content.isLast(), rest);
            state.failureAfterPieces = failure;
            return ctx.getInvokeAction(state.held);
        }
        if (failure == null) {
            return ctx.getInvokeAction();
        }
        Connection<?> connection = ctx.getConnection();
        if (!bytes.hasRemaining()) {
            failing.violation(connection, state, failure);
            return ctx.getStopAction();
        }
        ctx.addCompletionListener(done -> failing.violation(connection, state, failure));
        return ctx.getInvokeAction();
    }

    private static InboundCheck.Failure check(InboundCheck check, Buffer bytes) {
        if (!bytes.isComposite()) {
            return check.check(bytes.toByteBuffer());
        }
        int checked = 0;
        for (ByteBuffer part : bytes.toByteBufferArray().getArray()) {
            if (part == null) {
                break;
            }
            InboundCheck.Failure failure = check.check(part);
            if (failure != null) {
                return new InboundCheck.Failure(failure.violation(), checked + failure.validBytes());
            }
            checked += part.remaining();
        }
        return null;
    }

    /** Whether Tyrus has answered this request with 101, so what follows are frames. */
    private static boolean upgraded(HttpContent content) {
        return content.getHttpHeader() instanceof HttpRequestPacket request
                && request.getResponse().getStatus() == 101;
    }

    /**
     * Counts every write to an upgraded connection until it is done; drops a write over the bound and fails the
     * connection. The 101 response (written before Tyrus opens the session) starts the connection's guard.
     */
    @Override
    public NextAction handleWrite(FilterChainContext ctx) throws IOException {
        Object message = ctx.getMessage();
        Connection<?> connection = ctx.getConnection();
        if (message instanceof HttpContent content && content.getHttpHeader() instanceof HttpResponsePacket response
                && response.getStatus() == 101 && STATE.get(connection) == null) {
            GuardedConnection state = open(connection);
            if (deflate.on()) {
                Deflation.negotiate(connection, response, deflate.policy()).ifPresent(parameters ->
                        state.deflate = new InboundDeflate(limits.maxMessageBytes(), parameters));
            }
            return ctx.getInvokeAction();
        }
        GuardedConnection state = message instanceof Buffer ? STATE.get(connection) : null;
        if (state == null || message == state.closeFrame) {
            return ctx.getInvokeAction(); // plain HTTP, or the guard's own close frame
        }
        int size = ((Buffer) message).remaining();
        if (state.failed()) {
            return drop(ctx, "connection failed");
        }
        if (!state.unwritten.reserve(size)) {
            failing.notReading(connection, state, size);
            return drop(ctx, "outbound bound exceeded");
        }
        // A close frame is never refused for the budget: it is how the refusals themselves are told.
        long charged = closeFrame((Buffer) message) ? 0 : (long) size + UnwrittenBytes.WRITE_OVERHEAD_BYTES;
        if (!state.outbound.add(charged)) {
            state.unwritten.release(size);
            failing.overMemoryBudget(connection, state, outbound, charged);
            return drop(ctx, "outbound budget exceeded");
        }
        FilterChainContext.TransportContext transport = ctx.getTransportContext();
        transport.setCompletionHandler(new ReleasingCompletion(transport.getCompletionHandler(), state.unwritten,
                size, state.outbound, charged));
        return ctx.getInvokeAction();
    }

    /** Whether a write is a close frame (the server writes one frame a buffer, its header first). */
    private static boolean closeFrame(Buffer frame) {
        return frame.hasRemaining() && (frame.get(frame.position()) & 0x0F) == 0x8;
    }

    /** The write does not happen; its writer learns so at once. */
    @SuppressWarnings("unchecked")
    private static NextAction drop(FilterChainContext ctx, String why) {
        FilterChainContext.TransportContext transport = ctx.getTransportContext();
        CompletionHandler<Object> handler = transport.getCompletionHandler();
        transport.setCompletionHandler(null);
        ctx.setMessage(null);
        if (handler != null) {
            handler.failed(new IOException("write dropped: " + why));
        }
        return ctx.getStopAction();
    }

    /** Starts guarding a connection Tyrus has just upgraded. */
    private GuardedConnection open(Connection<?> connection) {
        long now = System.nanoTime();
        AddressBudgets.Budget address = addresses.join(peerAddress(connection), now);
        GuardedConnection state = new GuardedConnection(String.valueOf(connection.getPeerAddress()), limits, address,
                inbound, outbound, now);
        STATE.set(connection, state);
        // Tyrus's writer parks writes in its own unbounded queue while Grizzly's "can write" says no; with no
        // Grizzly limit every write reaches handleWrite, which holds the bound instead.
        connection.setMaxAsyncWriteQueueSize(AsyncQueueWriter.UNLIMITED_SIZE);
        connection.addCloseListener((closeable, type) -> {
            addresses.leave(address, System.nanoTime());
            state.inbound.close();
            if (state.deflate != null) {
                state.deflate.close(); // frees the inflater now rather than when the GC finds it
            }
            state.outbound.close(); // writes still queued are failed with the connection: none is written now
        });
        return state;
    }

    private static InetAddress peerAddress(Connection<?> connection) {
        return connection.getPeerAddress() instanceof InetSocketAddress peer ? peer.getAddress()
                : InetAddress.getLoopbackAddress();
    }

    /** Stops the timer of lingering closes (the server is stopping; its connections close anyway). */
    @Override
    public void close() {
        failing.close();
    }
}

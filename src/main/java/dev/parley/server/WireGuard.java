package dev.parley.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.nio.transport.TCPNIOConnection;
import org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter;

import dev.parley.metrics.Metrics;
import dev.parley.session.Limits;
import dev.parley.session.Sessions;
import dev.parley.wire.FrameEncoder;
import dev.parley.wire.ProtocolViolation;

/**
 * Puts the project's RFC 6455 decoder in front of Tyrus on every upgraded connection of the embedded server.
 *
 * <p>Stock Tyrus accepts unmasked client frames, buffers an oversize frame before answering 1011, and checks UTF-8
 * only once a frame is whole. This filter sits just before Tyrus's {@link GrizzlyServerFilter}, checks each read
 * with {@link InboundCheck}, and hands the bytes on unchanged, or with {@link Tuning#unmask()} unmasked in place (see
 * {@link InboundCheck#unmask}). At the first violation it passes on the whole valid frames that came before it, sends
 * the close frame with the violation's code (1002, 1007, 1009), and closes the connection; Tyrus never sees the
 * offending bytes.
 */
final class WireGuard extends BaseFilter implements AddOn, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WireGuard.class.getName());
    private static final Attribute<InboundCheck> CHECK =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(WireGuard.class.getName() + ".check");
    private static final FrameEncoder ENCODER = FrameEncoder.server();

    /** How long a failed connection may keep sending before it is closed regardless. */
    static final Duration LINGER = Duration.ofSeconds(2);

    private final Limits limits;
    private final Metrics metrics;
    private final boolean unmask;
    private final ScheduledThreadPoolExecutor closer = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "parley-wire-guard-closer");
        thread.setDaemon(true);
        return thread;
    });

    WireGuard(Limits limits, Metrics metrics, boolean unmask) {
        this.limits = limits;
        this.metrics = metrics;
        this.unmask = unmask;
        closer.setRemoveOnCancelPolicy(true);
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
        InboundCheck check = CHECK.get(connection);
        if (check == null) {
            check = new InboundCheck(limits);
            CHECK.set(connection, check);
        }
        Buffer bytes = content.getContent();
        if (check.failed()) {
            bytes.position(bytes.limit()); // the connection is closing; drop what still trickles in
            return ctx.getStopAction();
        }
        InboundCheck.Failure failure;
        if (unmask) {
            if (bytes.isComposite() || !bytes.hasArray() || bytes.isReadOnly()) { // rare: rewrite a plain copy
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                bytes = Buffers.wrap(connection.getMemoryManager(), copy);
                ctx.setMessage(HttpContent.create(content.getHttpHeader(), content.isLast(), bytes));
            }
            ByteBuffer view = ByteBuffer.wrap(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            failure = check.unmask(view); // moves the view's limit to the end of the rewritten bytes
            bytes.limit(bytes.position() + view.remaining());
        } else {
            failure = check(check, bytes);
            if (failure != null) {
                bytes.limit(bytes.position() + failure.validBytes());
            }
        }
        if (failure == null) {
            return ctx.getInvokeAction();
        }
        if (failure.validBytes() == 0) {
            fail(connection, failure.violation());
            return ctx.getStopAction();
        }
        ctx.addCompletionListener(done -> fail(connection, failure.violation()));
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
     * RFC 6455 §7.1.7: to fail the connection, send a close frame with the reason, then close the TCP connection.
     *
     * <p>The close is a lingering one. The client may still be sending (a megabyte it had started before the header
     * was refused), and closing a socket with unread input sends an RST that can destroy the close frame on its way.
     * So the output is shut down after the close frame (the client reads it, then end of stream), what the client
     * still sends is dropped, and the connection is closed when the client closes or {@link #LINGER} has passed.
     */
    @SuppressWarnings({"rawtypes", "unchecked"}) // Grizzly's write API is generic over the connection's address type
    private void fail(Connection connection, ProtocolViolation violation) {
        LOG.info(() -> "event=violation peer=" + connection.getPeerAddress() + " code=" + violation.code().code()
                + " reason=" + Sessions.quoted(violation.reason()));
        metrics.violation(violation.code().code());
        byte[] close = ENCODER.encode(violation.toCloseFrame());
        connection.write(Buffers.wrap(connection.getMemoryManager(), close), new EmptyCompletionHandler() {
            @Override
            public void completed(Object result) {
                linger(connection);
            }

            @Override
            public void failed(Throwable error) {
                connection.closeSilently();
            }
        });
    }

    private void linger(Connection<?> connection) {
        try {
            if (connection instanceof TCPNIOConnection tcp && tcp.getChannel() instanceof SocketChannel channel) {
                channel.shutdownOutput();
                closer.schedule(connection::closeSilently, LINGER.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
        } catch (IOException | RejectedExecutionException e) {
            LOG.log(Level.FINE, "no lingering close for " + connection, e);
        }
        connection.closeSilently();
    }

    /** Stops the timer of lingering closes (the server is stopping; its connections close anyway). */
    @Override
    public void close() {
        closer.shutdownNow();
    }
}

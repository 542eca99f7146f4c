package dev.parley.server;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.nio.transport.TCPNIOConnection;

import dev.parley.metrics.Metrics;
import dev.parley.session.Limits;
import dev.parley.session.MemoryBudget;
import dev.parley.session.OutboundQueue;
import dev.parley.session.Sessions;
import dev.parley.wire.CloseCode;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameEncoder;

/**
 * How {@link WireGuard} fails a connection, for breaking RFC 6455, for going over a frame budget, or for not reading
 * what is written to it: one log line, one count in the metrics, then (RFC 6455 §7.1.7) a close frame with the code
 * and reason, and the TCP connection closed.
 *
 * <p>The close is a lingering one. The client may still be sending (a megabyte it had started before the header was
 * refused), and closing a socket with unread input sends an RST that can destroy the close frame on its way. So the
 * output is shut down once the close frame is written (the client reads it, then end of stream), what the client
 * still sends is dropped, and the connection is closed when the client closes or {@link #LINGER} has passed since the
 * failure, whichever comes first. A client that does not read at all never gets the close frame (it waits behind
 * what the client has not read): its TCP connection is closed after {@link #LINGER} all the same, with whatever is
 * still queued for it thrown away.
 */
final class FailedConnections implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FailedConnections.class.getName());
    private static final FrameEncoder ENCODER = FrameEncoder.server();
    private static final CloseStatus NOT_READING = CloseStatus.of(CloseCode.POLICY_VIOLATION,
            OutboundQueue.OVERFLOW.getReasonPhrase());

    /** How long a failed connection may stay open before it is closed regardless. */
    static final Duration LINGER = Duration.ofSeconds(2);

    private final ScheduledThreadPoolExecutor closer = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "parley-wire-guard-closer");
        thread.setDaemon(true);
        return thread;
    });

    private final Limits limits;
    private final Metrics metrics;

    FailedConnections(Limits limits, Metrics metrics) {
        this.limits = limits;
        this.metrics = metrics;
        closer.setRemoveOnCancelPolicy(true);
    }

    /** The client broke RFC 6455: its violation's code (1002, 1007, 1009); {@code event=violation}. */
    void violation(Connection<?> connection, GuardedConnection state, InboundCheck.Failure failure) {
        if (!state.fail()) {
            return;
        }
        LOG.info(() -> "event=violation peer=" + state.peer + " code=" + failure.violation().code().code()
                + " reason=" + Sessions.quoted(failure.violation().reason()));
        metrics.violation(failure.violation().code().code());
        fail(connection, state, failure.violation().toCloseStatus());
    }

    /** The client's frames found a budget spent: 1008; {@code event=frame-budget budget=connection|address}. */
    void overBudget(Connection<?> connection, GuardedConnection state, GuardedConnection.Budget over) {
        if (!state.fail()) {
            return;
        }
        String name = over.name().toLowerCase(Locale.ROOT);
        LOG.info(() -> "event=frame-budget peer=" + state.peer + " budget=" + name + " code=1008 limit=\""
                + (over == GuardedConnection.Budget.CONNECTION ? limits.connectionFrames() : limits.addressFrames())
                + "\"");
        metrics.frameBudgetExceeded(name);
        fail(connection, state, CloseStatus.of(CloseCode.POLICY_VIOLATION, over.reason));
    }

    /** A write would pass the connection's unwritten bound: 1008; {@code event=slow-consumer}. */
    void notReading(Connection<?> connection, GuardedConnection state, int refused) {
        if (!state.fail()) {
            return;
        }
        LOG.info(() -> "event=slow-consumer peer=" + state.peer + " code=1008 unwritten_writes="
                + state.unwritten.writes() + " unwritten_cost=" + state.unwritten.cost() + " refused_bytes=" + refused
                + " bound=" + state.unwritten.bound());
        metrics.slowConsumer();
        fail(connection, state, NOT_READING);
    }

    /**
     * The server's memory budget for bytes in flight has no room for what this connection would add: 1013 (the
     * server is overloaded, try again later; the client broke no rule); {@code event=memory-budget}.
     */
    void overMemoryBudget(Connection<?> connection, GuardedConnection state, MemoryBudget budget, long refused) {
        if (!state.fail()) {
            return;
        }
        LOG.info(() -> "event=memory-budget budget=" + budget.name() + " peer=" + state.peer + " code=1013 used="
                + budget.used() + " capacity=" + budget.capacity() + " refused_bytes=" + refused);
        metrics.memoryBudgetExceeded(budget.name());
        fail(connection, state, CloseStatus.of(CloseCode.TRY_AGAIN_LATER, "inbound".equals(budget.name())
                ? "server busy: too much unfinished input" : OutboundQueue.SERVER_BUSY.getReasonPhrase()));
    }

    /** Writes the close frame with {@code status} and closes the connection as described above. */
    @SuppressWarnings({"rawtypes", "unchecked"}) // Grizzly's write API is generic over the connection's address type
    private void fail(Connection connection, GuardedConnection state, CloseStatus status) {
        try {
            // terminate, not close: Grizzly's close waits for the write queue to drain, which a client that does
            // not read never lets happen
            closer.schedule(connection::terminateSilently, LINGER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            connection.terminateSilently();
            return;
        }
        Buffer close = Buffers.wrap(connection.getMemoryManager(), ENCODER.encode(Frame.close(status)));
        state.closeFrame = close; // the one write the guard lets through from now on
        connection.write(close, new EmptyCompletionHandler() {
            @Override
            public void completed(Object result) {
                shutdownOutput(connection);
            }

            @Override
            public void failed(Throwable error) {
                connection.closeSilently();
            }
        });
    }

    private static void shutdownOutput(Connection<?> connection) {
        try {
            if (connection instanceof TCPNIOConnection tcp && tcp.getChannel() instanceof SocketChannel channel) {
                channel.shutdownOutput();
                return;
            }
        } catch (IOException e) {
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

package dev.parley.session;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import dev.parley.metrics.Metrics;

/**
 * The one way Parley writes to a session: a bounded FIFO with at most one asynchronous send in flight.
 *
 * <p>Tyrus offers two bad choices: {@code getBasicRemote()} blocks a worker thread forever on a client that stops
 * reading, and {@code getAsyncRemote()} queues without bound. Here a send never blocks the caller; messages wait in
 * this queue until the previous one has been written; and a session that lets more than {@link
 * Limits#outboundMaxMessages()} messages or {@link Limits#outboundMaxBytes()} bytes pile up is closed with 1008,
 * so one slow consumer costs a bounded amount of memory and never delays anyone else. All queues of a server share
 * one {@link MemoryBudget} ({@link Limits#outboundBudgetBytes()}): a send that would take the queued total over it
 * closes the receiving session with 1013, so the sum of all queues is bounded too.
 */
public final class OutboundQueue {
    private static final Logger LOG = Logger.getLogger(OutboundQueue.class.getName());

    /** The close reason given to a slow consumer. */
    public static final CloseReason OVERFLOW = new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY,
            "outbound queue full: client is not reading");

    /** The close reason given to a session whose send finds the server's outbound budget spent. */
    public static final CloseReason SERVER_BUSY = new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER,
            "server busy: too much queued output");

    private final Session session;
    private final int maxMessages;
    private final long maxBytes;
    private final FrameSink sink;
    private final Queue<OutboundMessage> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedMessages = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final Metrics metrics;
    private final MemoryBudget budget;
    private final MemoryBudget.Share share;
    /** When the queue was made: when its session opened ({@code System.nanoTime()}). */
    private final long openedNanos = System.nanoTime();

    /** @param sink where the session's messages are written, one send at a time */
    OutboundQueue(Session session, Limits limits, Metrics metrics, FrameSink sink, MemoryBudget budget) {
        this.metrics = metrics;
        this.budget = budget;
        this.share = budget.share();
        this.session = session;
        this.sink = sink;
        this.maxMessages = limits.outboundMaxMessages();
        this.maxBytes = limits.outboundMaxBytes();
    }

    /** Queues a text message; false if the session is closed or has just been closed for overflowing. */
    public boolean sendText(String text) {
        return send(OutboundMessage.text(text));
    }

    /** Queues a binary message (the buffer is not copied: do not change it afterwards). */
    public boolean sendBinary(ByteBuffer data) {
        return send(OutboundMessage.binary(data));
    }

    /**
     * Queues a message that may go to many sessions (a broadcast): its frame is encoded once for all of them.
     * False if the session is closed or has just been closed for overflowing.
     */
    public boolean send(OutboundMessage message) {
        if (overflowed.get() || !session.isOpen()) {
            return false;
        }
        int messages = queuedMessages.incrementAndGet();
        long bytes = queuedBytes.addAndGet(message.size());
        if (messages > maxMessages || bytes > maxBytes) {
            unqueue(message);
            overflow(messages, bytes, message.size());
            return false;
        }
        if (!share.add(message.heapBytes())) {
            unqueue(message);
            overBudget(message);
            return false;
        }
        if (queue.isEmpty() && sending.compareAndSet(false, true)) {
            // Nothing waits and nothing is in flight (a broadcast's usual case): written at once, not queued.
            if (overflowed.get()) { // closed meanwhile, after the check above
                release(message);
                sending.set(false);
                discardQueued(); // what another send queued while this one held the turn
                return false;
            }
            metrics.sent(message.size());
            if (sendNext(message)) {
                drain();
            }
            return true;
        }
        queue.add(message);
        if (overflowed.get()) { // closed meanwhile, after the check above: nobody else would drop it now
            discardQueued();
            return false;
        }
        metrics.sent(message.size());
        drain();
        return true;
    }

    /**
     * The session has closed: nothing more is sent and what waits is dropped, its part of the outbound budget given
     * back. A send still in flight keeps its part until it reports back: its bytes stay on the heap until then.
     */
    void closed() {
        overflowed.set(true);
        discardQueued();
        sink.closed();
    }

    /** Bytes of the messages accepted but not yet written, the one in flight included. */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    /** When its session opened, as {@code System.nanoTime()} read then. */
    public long openedNanos() {
        return openedNanos;
    }

    /** Messages accepted but not yet written, the one in flight included. */
    public int depth() {
        return queuedMessages.get();
    }

    /**
     * Starts the next send unless one is in flight. A send that completes on the calling thread (the socket had
     * room) is followed by the next one in this loop rather than by recursion from its completion handler.
     */
    private void drain() {
        while (sending.compareAndSet(false, true)) {
            if (!sendNext(queue.poll())) {
                return;
            }
        }
    }

    /**
     * With the turn to send held: writes {@code next}, or gives the turn up if it is null. True if the caller should
     * go on draining: the write completed before this returned, or the queue got a message after the turn was given up.
     */
    private boolean sendNext(OutboundMessage next) {
        if (next == null) {
            sending.set(false);
            return !queue.isEmpty();
        }
        Completion completion = new Completion(next);
        transmit(next, completion);
        return completion.completedBeforeReturn();
    }

    private void transmit(OutboundMessage message, Completion completion) {
        try {
            sink.send(message, completion);
        } catch (RuntimeException closedMeanwhile) {
            completion.onResult(new SendResult(closedMeanwhile));
        }
    }

    /** The queue would hold {@code messages} and {@code bytes} with the refused message of {@code size} bytes. */
    private void overflow(int messages, long bytes, int size) {
        if (!overflowed.compareAndSet(false, true)) {
            return;
        }
        // The figures the bound was checked against, not the counters now (the refused message is already released).
        LOG.info("event=slow-consumer session=" + session.getId() + " code=1008 queued_messages=" + messages
                + " queued_bytes=" + bytes + " message_bytes=" + size + " max_messages=" + maxMessages
                + " max_bytes=" + maxBytes);
        metrics.slowConsumer();
        discardQueued();
        close(OVERFLOW);
    }

    /** The server's outbound budget has no room for {@code message}: this session goes, with 1013. */
    private void overBudget(OutboundMessage message) {
        if (!overflowed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("event=memory-budget budget=outbound session=" + session.getId() + " code=1013 used="
                + budget.used() + " capacity=" + budget.capacity() + " message_bytes=" + message.size()
                + " queued_messages=" + queuedMessages.get());
        metrics.memoryBudgetExceeded(budget.name());
        discardQueued();
        close(SERVER_BUSY);
    }

    private void close(CloseReason reason) {
        try {
            session.close(reason);
        } catch (Exception alreadyClosing) {
            LOG.log(Level.FINE, "close of " + session.getId() + " failed", alreadyClosing);
        }
    }

    private void discardQueued() {
        for (OutboundMessage dropped = queue.poll(); dropped != null; dropped = queue.poll()) {
            release(dropped);
        }
    }

    /** A queued message is gone (written, failed or dropped): its room in this queue and in the budget is free. */
    private void release(OutboundMessage message) {
        unqueue(message);
        share.remove(message.heapBytes());
    }

    private void unqueue(OutboundMessage message) {
        queuedMessages.decrementAndGet();
        queuedBytes.addAndGet(-message.size());
    }

    /** The UTF-8 length of {@code text}, without encoding it. */
    public static int utf8Length(String text) {
        int length = text.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    bytes += 2; // the pair: 2 chars, 4 bytes
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    /** The result of one send: frees its room in the queue, then starts the next send or fails the session. */
    private final class Completion implements SendHandler {
        private static final int PENDING = 0;
        private static final int CALLER_RETURNED = 1;
        private static final int DONE_BEFORE_RETURN = 2;

        private final OutboundMessage message;
        private final AtomicInteger state = new AtomicInteger(PENDING);

        Completion(OutboundMessage message) {
            this.message = message;
        }

        @Override
        public void onResult(SendResult result) {
            release(message);
            sending.set(false);
            if (!result.isOK()) {
                LOG.log(Level.FINE, "send to " + session.getId() + " failed", result.getException());
                overflowed.set(true); // nothing more will be written to this session
                discardQueued();
                close(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed"));
                return;
            }
            if (!state.compareAndSet(PENDING, DONE_BEFORE_RETURN)) {
                drain();
            }
        }

        boolean completedBeforeReturn() {
            return !state.compareAndSet(PENDING, CALLER_RETURNED);
        }
    }
}

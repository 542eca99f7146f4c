package dev.parley.chat;

import java.time.Duration;
import java.util.Collection;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Dead peers of {@code /chat}: each session is pinged every {@code interval}; one that leaves a ping unanswered for
 * {@code timeout} is closed with {@link ChatService#PING_TIMEOUT}. Run by the chat's sweep; no timer per session.
 */
final class ChatPings {
    private static final Logger LOG = Logger.getLogger(ChatPings.class.getName());

    private final Duration interval;
    private final Duration timeout;
    private final LongSupplier nanoTime;

    ChatPings(Duration interval, Duration timeout, LongSupplier nanoTime) {
        this.interval = interval;
        this.timeout = timeout;
        this.nanoTime = nanoTime;
    }

    /** Pings sessions that are due, drops those that left a ping unanswered for too long. */
    void sweep(Collection<ChatSession> sessions) {
        long now = nanoTime.getAsLong();
        for (ChatSession chat : sessions) {
            long sentAt = chat.pingSentAt;
            if (sentAt != 0 && now - sentAt > timeout.toNanos()) {
                LOG.info(() -> "event=ping-timeout session=" + chat.id() + " user=" + chat.user + " code="
                        + ChatService.PING_TIMEOUT + " waited_ms=" + timeout.toMillis());
                chat.link.close(ChatService.PING_TIMEOUT, "ping timeout");
            } else if (sentAt == 0 && now - chat.lastPingAt >= interval.toNanos()) {
                chat.lastPingAt = now;
                chat.pingSentAt = now == 0 ? 1 : now;
                chat.link.ping();
            }
        }
    }

    /** The peer answered a ping. */
    static void ponged(ChatSession chat) {
        chat.pingSentAt = 0;
    }
}

package dev.parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import org.junit.jupiter.api.Test;

import dev.parley.metrics.Metrics;

/**
 * The queue's order and bounds with its direct path (a send that finds nothing queued and nothing in flight is written
 * at once): what is written, in which order, and when a reader that never takes a write is closed with 1008. The sink
 * is a recording one whose writes complete when the test says; the session is a stand-in answering only what the
 * queue asks of it (open, id, close).
 */
class OutboundQueueOrderTest {
    private static final Limits LIMITS = new Limits(1024, 3, 1 << 20, 64, Limits.DEFAULTS.connectionFrames(),
            Limits.DEFAULTS.addressFrames(), 0, 0);

    private final List<String> written = new ArrayList<>();
    private final List<SendHandler> pending = new ArrayList<>();
    private final List<CloseReason> closes = new ArrayList<>();
    private boolean completeAtOnce;

    private final Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                case "isOpen" -> closes.isEmpty();
                case "getId" -> "s1";
                case "close" -> closes.add((CloseReason) args[0]);
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private final OutboundQueue queue = new OutboundQueue(session, LIMITS, new Metrics(), (message, handler) -> {
        written.add(message.text());
        if (completeAtOnce) {
            handler.onResult(new SendResult());
        } else {
            pending.add(handler);
        }
    }, MemoryBudget.unlimited("outbound"));

    @Test
    void writesThatCompleteAtOnceGoOutInOrderAndLeaveNothingQueued() {
        completeAtOnce = true;
        for (int i = 0; i < 10; i++) {
            assertTrue(queue.sendText("m" + i));
        }
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9"), written);
        assertEquals(0, queue.depth());
        assertEquals(0, queue.queuedBytes());
    }

    @Test
    void sendsWhileOneIsInFlightWaitAndFollowItInOrder() {
        assertTrue(queue.sendText("a"));
        assertTrue(queue.sendText("b"));
        assertTrue(queue.sendText("c"));
        assertEquals(List.of("a"), written, "one write in flight at a time");
        assertEquals(3, queue.depth());
        completeAtOnce = true;
        pending.remove(0).onResult(new SendResult());
        assertEquals(List.of("a", "b", "c"), written);
        assertEquals(0, queue.depth());
        assertTrue(queue.sendText("d"));
        assertEquals(List.of("a", "b", "c", "d"), written, "written at once again once nothing waits");
    }

    @Test
    void aReaderThatNeverTakesAWriteIsClosedWith1008OnceItsQueueIsFull() {
        for (int i = 0; i < 3; i++) {
            assertTrue(queue.sendText("m" + i), "within the bound of 3 messages");
        }
        assertFalse(queue.sendText("m3"));
        assertEquals(List.of(OutboundQueue.OVERFLOW), closes);
        assertEquals(List.of("m0"), written, "only the first was ever written");
        assertFalse(queue.sendText("m4"), "nothing more is accepted");
        pending.remove(0).onResult(new SendResult());
        assertEquals(0, queue.depth(), "the dropped messages and the written one are all released");
    }
}

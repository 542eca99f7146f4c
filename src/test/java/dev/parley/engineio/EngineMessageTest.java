package dev.parley.engineio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.parley.session.MemoryBudget;
import dev.parley.session.OutboundMessage;

/** One message made once for many sessions: the same frames to every WebSocket, the same packets to every buffer. */
class EngineMessageTest {
    private static final EngineConfig CONFIG = EngineConfig.DEFAULTS.withPing(Duration.ofMillis(300),
            Duration.ofMillis(200)).withBuffer(4, 100);

    private final ManualScheduler clock = new ManualScheduler();

    /** A WebSocket that keeps the shared frames it was handed, and the packets sent on their own. */
    private static final class Link implements WebSocketLink {
        final List<OutboundMessage> shared = new ArrayList<>();
        final List<Packet> own = new ArrayList<>();
        final List<Integer> closes = new ArrayList<>();
        boolean refuse;

        @Override
        public boolean send(Packet packet) {
            own.add(packet);
            return !refuse;
        }

        @Override
        public boolean send(Packet packet, OutboundMessage frame) {
            shared.add(frame);
            return !refuse;
        }

        @Override
        public void close(int code, String reason) {
            closes.add(code);
        }
    }

    private EngineSession session(String id, WebSocketLink link, MemoryBudget outbound) {
        EngineSession s = new EngineSession(id, new EngineRequest(Map.of(), Map.of(), "127.0.0.1"), CONFIG, clock,
                link, () -> { }, EngineEvents.NONE, outbound, MemoryBudget.unlimited("inbound"));
        s.start(socket -> new EngineHandler.Connection() {
            @Override
            public void message(String text) {
            }

            @Override
            public void message(byte[] data) {
            }

            @Override
            public void closed(String reason) {
            }
        });
        return s;
    }

    private static String payload(EngineSession session) {
        CompletableFuture<Answer> answer = session.poll().toCompletableFuture();
        assertTrue(answer.isDone(), "answered");
        return answer.join().payload();
    }

    @Test
    void everyWebSocketGetsTheSameFramesEncodedOnce() {
        Link a = new Link();
        Link b = new Link();
        EngineSession first = session("a", a, MemoryBudget.unlimited("outbound"));
        EngineSession second = session("b", b, MemoryBudget.unlimited("outbound"));
        byte[] bytes = {1, 2, 3};
        EngineMessage message = EngineMessage.of(List.of("51-[\"file\",{\"_placeholder\":true,\"num\":0}]", bytes));

        assertTrue(first.send(message));
        assertTrue(second.send(message));

        assertEquals(2, a.shared.size());
        assertSame(a.shared.get(0), b.shared.get(0));
        assertSame(a.shared.get(1), b.shared.get(1));
        assertEquals("451-[\"file\",{\"_placeholder\":true,\"num\":0}]", a.shared.get(0).text());
        assertEquals(ByteBuffer.wrap(bytes), ByteBuffer.wrap(a.shared.get(1).frame(), 2, 3), "a raw binary frame");
        assertSame(a.shared.get(0).frame(), b.shared.get(0).frame(), "the server frame is encoded once");
        assertEquals(List.of(), a.own);
    }

    @Test
    void everyPollingBufferHoldsTheSamePacketsAndIsChargedForThem() {
        MemoryBudget outbound = new MemoryBudget("outbound", 1 << 20);
        EngineSession first = session("a", null, outbound);
        EngineSession second = session("b", null, outbound);
        EngineMessage message = EngineMessage.text("2[\"say\",\"hi\"]");

        assertTrue(first.send(message));
        assertTrue(second.send(message));

        long each = OutboundBuffer.heapBytes(message.packets());
        assertEquals(each, first.buffer.heapBytes(), "each buffer is charged for what it holds, as before");
        assertEquals(each, second.buffer.heapBytes());
        assertEquals(2 * each, first.buffer.share().held() + second.buffer.share().held());
        Packet held = first.buffer.drain().get(0);
        assertSame(held, second.buffer.drain().get(0));
        assertSame(message.packets().get(0), held);
        assertEquals(0, first.buffer.share().held() + second.buffer.share().held());

        assertTrue(first.send(message));
        assertEquals("42[\"say\",\"hi\"]", payload(first));
    }

    @Test
    void aSharedSendKeepsEachSessionsBound() {
        Link full = new Link();
        full.refuse = true;
        Link fine = new Link();
        EngineSession refused = session("a", full, MemoryBudget.unlimited("outbound"));
        EngineSession other = session("b", fine, MemoryBudget.unlimited("outbound"));
        EngineSession polling = session("c", null, MemoryBudget.unlimited("outbound"));
        EngineMessage message = EngineMessage.text("x".repeat(60));

        assertFalse(refused.send(message), "a full WebSocket queue refuses it");
        assertFalse(refused.isOpen());
        assertEquals(List.of(1000), full.closes);
        assertTrue(other.send(message), "the others still get it");
        assertTrue(polling.send(message));
        assertFalse(polling.send(message), "past the polling bound of 100 bytes");
        assertFalse(polling.isOpen());
        assertNotNull(fine.shared.get(0));
    }
}

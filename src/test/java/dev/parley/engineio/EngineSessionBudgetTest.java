package dev.parley.engineio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import dev.parley.session.MemoryBudget;

/**
 * A session's polling buffer charged to the server's outbound budget, and what its handler keeps to the inbound one,
 * on a hand-turned clock: the session that finds a budget spent closes with "server busy" (WebSocket: 1013), others
 * go on, and every way a session ends gives its part back.
 */
class EngineSessionBudgetTest {
    private static final EngineConfig CONFIG = EngineConfig.DEFAULTS.withPing(Duration.ofMillis(300),
            Duration.ofMillis(200)).withBuffer(1024, 1 << 20);
    /** Charged 1 KiB in a buffer (64 + 2 x 480). */
    private static final String KIB = "k".repeat(480);
    private static final long ALLOWANCE = MemoryBudget.ALLOWANCE_BYTES;

    private final ManualScheduler clock = new ManualScheduler();
    private final MemoryBudget outbound = new MemoryBudget("outbound", 16 * 1024);
    private final MemoryBudget inbound = new MemoryBudget("inbound", 16 * 1024);
    private final List<String> events = new ArrayList<>();
    private final List<String> budgetEvents = new ArrayList<>();

    private final EngineEvents reported = new EngineEvents() {
        @Override
        public void overBudget(EngineSocket socket, MemoryBudget budget, long bytes) {
            budgetEvents.add(socket.id() + ":" + budget.name() + ":" + bytes);
        }
    };

    private EngineSession open(String id, WebSocketLink link) {
        EngineSession session = new EngineSession(id, new EngineRequest(Map.of(), Map.of(), "127.0.0.2"), CONFIG,
                clock, link, () -> { }, reported, outbound, inbound);
        session.start(socket -> new EngineHandler.Connection() {
            @Override
            public void message(String text) {
            }

            @Override
            public void message(byte[] data) {
            }

            @Override
            public void closed(String reason) {
                events.add(id + ":" + reason);
            }
        });
        return session;
    }

    /** Sends 1 KiB packets until {@code session} holds {@code kib} of them. */
    private static void fill(EngineSession session, int kib) {
        for (int i = 0; i < kib; i++) {
            assertTrue(session.send(KIB));
        }
    }

    private static String now(CompletionStage<Answer> answer) {
        CompletableFuture<Answer> done = answer.toCompletableFuture();
        assertTrue(done.isDone(), "answered");
        return done.join().payload();
    }

    @Test
    void theSessionWhoseBufferPassesTheBudgetClosesWithServerBusyAndOthersGoOn() {
        EngineSession hoarder = open("hoarder", null);
        EngineSession other = open("other", null);
        fill(hoarder, 20); // 4 free, 16 the whole budget
        assertEquals(outbound.capacity(), outbound.used());
        fill(other, 4); // within its allowance
        assertFalse(hoarder.send(KIB));
        assertEquals(List.of("hoarder:server busy"), events);
        assertEquals(List.of("hoarder:outbound:1024"), budgetEvents);
        assertEquals(0, outbound.used(), "the hoarder's part given back at once (no linger after a refusal)");
        assertEquals(EngineSession.State.CLOSED, hoarder.state());
        assertTrue(other.send(KIB));
        assertEquals(5 * (1 + KIB.length()) + 4, now(other.poll()).length(), "the other gets all five");
        assertEquals(0, outbound.used());
    }

    @Test
    void aPollGivesTheBufferBack() {
        EngineSession session = open("s", null);
        fill(session, 10);
        assertEquals(10 * 1024 - ALLOWANCE, outbound.used());
        now(session.poll());
        assertEquals(0, outbound.used());
    }

    @Test
    void thePingTimeoutGivesTheBufferBack() {
        EngineSession session = open("s", null);
        fill(session, 10);
        clock.advance(300); // the ping, buffered too
        clock.advance(200);
        assertEquals(List.of("s:ping timeout"), events);
        assertEquals(0, outbound.used());
    }

    @Test
    void aServerCloseKeepsTheBufferChargedUntilTheLastGetOrTheLinger() {
        EngineSession fetched = open("fetched", null);
        EngineSession forgotten = open("forgotten", null);
        fill(fetched, 6);
        fill(forgotten, 6);
        fetched.close("forced close");
        forgotten.close("forced close");
        assertEquals(2 * (6 * 1024 - ALLOWANCE), outbound.used(), "still held for the next GET");
        assertTrue(now(fetched.poll()).endsWith("\u001e1"));
        assertEquals(6 * 1024 - ALLOWANCE, outbound.used());
        clock.advance(500); // ping interval + timeout
        assertEquals(EngineSession.State.CLOSED, forgotten.state());
        assertEquals(0, outbound.used());
    }

    @Test
    void theClientsCloseAndTheUpgradeGiveTheBufferBack() {
        EngineSession closing = open("closing", null);
        fill(closing, 6);
        closing.postStarted();
        closing.post("1");
        assertEquals(0, outbound.used());

        EngineSession upgrading = open("upgrading", null);
        Link ws = new Link();
        upgrading.upgradeStarted(ws);
        upgrading.frame(ws, "2probe");
        fill(upgrading, 6); // buffered during the upgrade
        assertEquals(6 * 1024 - ALLOWANCE, outbound.used());
        upgrading.frame(ws, "5");
        assertEquals(0, outbound.used(), "the buffer went out on the WebSocket");
        assertEquals(7, ws.frames.size(), "3probe and the six");
    }

    @Test
    void whatTheHandlerKeepsIsChargedToTheInboundBudgetUntilTheSessionCloses() {
        EngineSession session = open("s", null);
        assertTrue(session.inbound().add(10 * 1024));
        assertEquals(10 * 1024 - ALLOWANCE, inbound.used());
        session.close("forced close");
        assertEquals(0, inbound.used(), "given back at the close, not at the last GET");
    }

    @Test
    void aRefusalOfTheInboundBudgetClosesAWebSocketWith1013() {
        Link ws = new Link();
        EngineSession session = open("ws", ws);
        assertTrue(session.inbound().add(20 * 1024));
        assertFalse(session.inbound().add(1));
        session.inboundRefused(1);
        assertEquals(List.of("ws:inbound:1"), budgetEvents);
        assertEquals(List.of("ws:server busy"), events);
        assertEquals(List.of("1", "close:1013:server busy"), ws.frames);
        assertEquals(0, inbound.used());
        session.inboundRefused(1); // once closed: nothing more reported
        assertEquals(1, budgetEvents.size());
    }

    /** A WebSocket that records what it was sent and how it was closed. */
    private static final class Link implements WebSocketLink {
        final List<String> frames = new ArrayList<>();

        @Override
        public boolean send(Packet packet) {
            frames.add(PacketCodec.encode(packet).substring(0, 1));
            return true;
        }

        @Override
        public void close(int code, String reason) {
            frames.add("close:" + code + ":" + reason);
        }
    }
}

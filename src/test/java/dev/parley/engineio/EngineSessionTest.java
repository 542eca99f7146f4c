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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session state machine on a hand-turned clock: polling, heartbeat, buffer bound, close, upgrade. */
class EngineSessionTest {
    private static final EngineConfig CONFIG = EngineConfig.DEFAULTS.withPing(Duration.ofMillis(300),
            Duration.ofMillis(200)).withBuffer(4, 100);

    private final ManualScheduler clock = new ManualScheduler();
    private final List<String> events = new ArrayList<>();
    private boolean forgotten;
    private EngineSession session;

    /** A WebSocket that records what it was sent and how it was closed. */
    private static final class Link implements WebSocketLink {
        final List<String> frames = new ArrayList<>();
        boolean refuse;

        @Override
        public boolean send(Packet packet) {
            frames.add(packet.isBinary() ? "bin:" + packet.binary().length : PacketCodec.encode(packet));
            return !refuse;
        }

        @Override
        public void close(int code, String reason) {
            frames.add("close:" + code);
        }
    }

    private final EngineHandler recorder = socket -> new EngineHandler.Connection() {
        @Override
        public void message(String text) {
            events.add("text:" + text);
        }

        @Override
        public void message(byte[] data) {
            events.add("bin:" + data.length);
        }

        @Override
        public void closed(String reason) {
            events.add("closed:" + reason);
        }
    };

    @BeforeEach
    void open() {
        session = polling();
    }

    private EngineSession polling() {
        EngineSession s = new EngineSession("sid1", new EngineRequest(Map.of(), Map.of(), "127.0.0.1"), CONFIG,
                clock, null, () -> forgotten = true);
        s.start(recorder);
        return s;
    }

    private static String now(CompletionStage<Answer> answer) {
        CompletableFuture<Answer> done = answer.toCompletableFuture();
        assertTrue(done.isDone(), "answered");
        Answer a = done.join();
        return a.error() != null ? "error:" + a.error().name() : a.payload();
    }

    @Test
    void theOpenPacketOffersTheUpgrade() {
        assertEquals("0{\"sid\":\"sid1\",\"upgrades\":[\"websocket\"],\"pingInterval\":300,\"pingTimeout\":200,"
                + "\"maxPayload\":1000000}", PacketCodec.encode(session.openPacket()));
    }

    @Test
    void aGetIsHeldUntilThereArePacketsAndGetsThemAll() {
        CompletionStage<Answer> get = session.poll();
        assertFalse(get.toCompletableFuture().isDone());
        session.send("a");
        assertEquals("4a", now(get));
        session.send(List.of("x", new byte[] {1, 2, 3, 4}));
        session.send("y");
        assertEquals("4x\u001ebAQIDBA==\u001e4y", now(session.poll()));
    }

    @Test
    void aPostIsDeliveredInOrder() {
        assertTrue(session.postStarted());
        assertEquals(Answer.OK, session.post("4hello\u001ebAQIDBA==\u001e4world"));
        assertEquals(List.of("text:hello", "bin:4", "text:world"), events);
    }

    @Test
    void aSecondGetIsRefusedAndTheFirstGetsClose() {
        CompletionStage<Answer> first = session.poll();
        assertEquals("error:BAD_REQUEST", now(session.poll()));
        assertEquals("1", now(first));
        assertEquals(List.of("closed:transport error"), events);
        assertTrue(forgotten);
        assertEquals("error:SESSION_ID_UNKNOWN", now(session.poll()));
    }

    @Test
    void aSecondPostIsRefusedAndTheSessionCloses() {
        assertTrue(session.postStarted());
        assertFalse(session.postStarted());
        assertEquals(EngineSession.State.CLOSED, session.state());
        assertEquals(List.of("closed:transport error"), events);
    }

    @Test
    void malformedPostClosesWithParseError() {
        session.postStarted();
        assertEquals(EngineError.BAD_REQUEST, session.post("abc").error());
        assertEquals(List.of("closed:parse error"), events);
    }

    @Test
    void aBodyOverMaxPayloadIs413AndCloses() {
        session.postStarted();
        assertEquals(EngineError.PAYLOAD_TOO_LARGE, session.post(null).error());
        assertEquals(EngineSession.State.CLOSED, session.state());
    }

    @Test
    void theServerPingsEveryIntervalAndAPongKeepsItOpen() {
        for (int i = 0; i < 3; i++) {
            CompletionStage<Answer> get = session.poll();
            clock.advance(299);
            assertFalse(get.toCompletableFuture().isDone());
            clock.advance(1);
            assertEquals("2", now(get));
            clock.advance(150);
            session.postStarted();
            session.post("3");
        }
        assertTrue(session.isOpen());
    }

    @Test
    void noPongWithinTheTimeoutClosesWithPingTimeout() {
        CompletionStage<Answer> get = session.poll();
        clock.advance(300);
        assertEquals("2", now(get));
        CompletionStage<Answer> next = session.poll();
        clock.advance(199);
        assertTrue(session.isOpen());
        clock.advance(1);
        assertEquals("1", now(next));
        assertEquals(List.of("closed:ping timeout"), events);
        assertTrue(forgotten);
    }

    @Test
    void aFullBufferClosesWithTransportBufferFull() {
        assertTrue(session.send("1"));
        assertTrue(session.send("2"));
        assertTrue(session.send("3"));
        assertTrue(session.send("4"));
        assertFalse(session.send("5"));
        assertEquals(List.of("closed:transport buffer full"), events);
        assertFalse(session.send("6"));
        EngineSession bytes = polling();
        assertFalse(bytes.send("x".repeat(100)));
    }

    @Test
    void theClientsCloseReleasesTheGetWithNoop() {
        CompletionStage<Answer> get = session.poll();
        session.postStarted();
        assertEquals(Answer.OK, session.post("1"));
        assertEquals("6", now(get));
        assertEquals(List.of("closed:transport close"), events);
        assertEquals("error:SESSION_ID_UNKNOWN", now(session.poll()));
    }

    @Test
    void aGetThatComesJustAfterTheClientsCloseGetsNoop() {
        session.send("dropped");
        session.postStarted();
        assertEquals(Answer.OK, session.post("1"));
        assertEquals(List.of("closed:transport close"), events);
        assertFalse(session.isOpen());
        assertEquals("6", now(session.poll())); // sent before the close, arrived after it (another connection)
        assertTrue(forgotten);
        assertEquals("error:SESSION_ID_UNKNOWN", now(session.poll()));
    }

    @Test
    void aClosedSessionNobodyPollsIsForgottenAfterItsLinger() {
        session.postStarted();
        session.post("1");
        assertFalse(forgotten);
        clock.advance(199); // the linger: the ping timeout (200 ms here), at most 1 s
        assertFalse(forgotten);
        clock.advance(1);
        assertTrue(forgotten);
    }

    @Test
    void aServerCloseWithoutAGetWaitsForTheNextGet() {
        session.send("bye");
        session.close("forced close");
        assertEquals(List.of("closed:forced close"), events);
        assertFalse(session.send("late"));
        assertEquals("4bye\u001e1", now(session.poll()));
        assertTrue(forgotten);
    }

    @Test
    void upgradeWithProbeAndNoop() {
        CompletionStage<Answer> held = session.poll();
        Link ws = new Link();
        assertTrue(session.upgradeStarted(ws));
        assertFalse(held.toCompletableFuture().isDone());
        clock.advance(100);
        assertEquals("6", now(held));
        session.frame(ws, "2probe");
        assertEquals(List.of("3probe"), ws.frames);
        CompletionStage<Answer> during = session.poll(); // a GET during the upgrade: held a moment, then noop
        assertFalse(during.toCompletableFuture().isDone());
        clock.advance(100);
        assertEquals("6", now(during));
        session.send("queued");
        session.frame(ws, "5");
        assertEquals("websocket", session.transport());
        assertEquals(List.of("3probe", "4queued"), ws.frames);
        session.frame(ws, "4hi");
        session.frame(ws, new byte[] {9});
        assertEquals(List.of("text:hi", "bin:1"), events);
        assertEquals("error:BAD_REQUEST", now(session.poll())); // polling after the upgrade
        Link second = new Link();
        assertFalse(session.upgradeStarted(second));
    }

    @Test
    void aGetHeldDuringTheUpgradeIsRefusedWhenItCompletes() {
        Link ws = new Link();
        session.upgradeStarted(ws);
        session.frame(ws, "2probe");
        CompletionStage<Answer> get = session.poll(); // sent after 5, arrived before it
        session.frame(ws, "5");
        assertEquals("error:BAD_REQUEST", now(get));
        assertEquals("websocket", session.transport());
    }

    @Test
    void aFailedUpgradeLeavesPolling() {
        Link ws = new Link();
        session.upgradeStarted(ws);
        session.closed(ws);
        assertEquals(EngineSession.State.POLLING, session.state());
        assertTrue(session.upgradeStarted(new Link()));
    }

    @Test
    void overWebSocketPingsGoAsFramesAndCloseIsOnePacket() {
        Link ws = new Link();
        ManualScheduler clock = new ManualScheduler(); // its own: the polling session of @BeforeEach times out
        EngineSession s = new EngineSession("w", new EngineRequest(Map.of(), Map.of(), "a"), CONFIG, clock, ws,
                () -> forgotten = true);
        s.start(recorder);
        clock.advance(300);
        assertEquals(List.of("2"), ws.frames);
        s.frame(ws, "3");
        clock.advance(300);
        assertEquals(List.of("2", "2"), ws.frames);
        s.frame(ws, "1");
        assertEquals(List.of("2", "2", "1", "close:1000"), ws.frames);
        assertEquals(List.of("closed:transport close"), events);
    }

    @Test
    void aRefusedWebSocketSendClosesTheSession() {
        Link ws = new Link();
        EngineSession s = new EngineSession("w", new EngineRequest(Map.of(), Map.of(), "a"), CONFIG, clock, ws,
                () -> forgotten = true);
        s.start(recorder);
        ws.refuse = true;
        assertFalse(s.send("x"));
        assertEquals(List.of("closed:transport buffer full"), events);
    }

    @Test
    void aMalformedFrameClosesWithParseError() {
        Link ws = new Link();
        EngineSession s = new EngineSession("w", new EngineRequest(Map.of(), Map.of(), "a"), CONFIG, clock, ws,
                () -> forgotten = true);
        s.start(recorder);
        s.frame(ws, "abc");
        assertEquals(List.of("closed:parse error"), events);
    }
}

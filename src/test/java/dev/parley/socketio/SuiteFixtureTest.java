package dev.parley.socketio;

import static dev.parley.socketio.SuitePackets.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import dev.parley.engineio.ManualScheduler;

/**
 * The socket.io-protocol test-suite's Socket.IO groups (connect, disconnect, message), each test's packets fed to
 * the protocol core with the suite's fixture, Engine.IO's own packets (the "4" prefix, pings) left to Engine.IO.
 */
class SuiteFixtureTest {
    private final ManualScheduler clock = new ManualScheduler();
    private final SocketIoServer fixture = SuiteFixture.create(clock);
    private final RecordingEngine engine = RecordingEngine.open(fixture, "engine-sid");

    private void connected() {
        engine.text("0");
        assertEquals(2, engine.take().size());
    }

    @Test
    void connectToTheMainNamespace() {
        engine.text("0");
        List<String> out = engine.take();
        JsonObject handshake = handshake(out.get(0), "0");
        assertEquals(List.of("sid"), List.copyOf(handshake.keySet()));
        assertEquals(20, handshake.getString("sid").length());
        assertNotEquals("engine-sid", handshake.getString("sid"));
        assertEquals("2[\"auth\",{}]", out.get(1));
        assertEquals(2, out.size());
        assertNull(engine.closedWith);
    }

    /** The suite's other connects: its CONNECT, the answer's prefix, and the "auth" event with the payload. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "0{\"token\":\"123\"}          | 0         | 2[\"auth\",{\"token\":\"123\"}]",
        "0/custom,                    | 0/custom, | 2/custom,[\"auth\",{}]",
        "0/custom,{\"token\":\"abc\"}  | 0/custom, | 2/custom,[\"auth\",{\"token\":\"abc\"}]"})
    void connectWithAPayloadOrToACustomNamespace(String connect, String prefix, String auth) {
        engine.text(connect);
        List<String> out = engine.take();
        assertEquals(List.of("sid"), List.copyOf(handshake(out.get(0), prefix).keySet()));
        assertEquals(List.of(auth), out.subList(1, out.size()));
        assertNull(engine.closedWith);
    }

    @Test
    void anUnknownNamespaceIsRefused() {
        engine.text("0/random");
        assertEquals(List.of("4/random,{\"message\":\"Invalid namespace\"}"), engine.take());
        assertNull(engine.closedWith);
    }

    @Test
    void anInvalidHandshakeCloses() {
        engine.text("abc");
        assertEquals("parse error", engine.closedWith);
    }

    @Test
    void noHandshakeClosesAfterTheConnectTimeout() {
        clock.advance(SuiteFixture.CONNECT_TIMEOUT.toMillis() - 1);
        assertNull(engine.closedWith);
        clock.advance(1);
        assertEquals("forced close", engine.closedWith);
    }

    @Test
    void aHandshakeStopsTheConnectTimeout() {
        connected();
        clock.advance(10 * SuiteFixture.CONNECT_TIMEOUT.toMillis());
        assertNull(engine.closedWith);
        assertEquals(0, clock.pending());
    }

    @Test
    void disconnectFromTheMainNamespaceKeepsTheConnection() {
        connected();
        engine.text("1");
        assertEquals(List.of(), engine.take());
        assertNull(engine.closedWith);
        assertTrue(engine.isOpen());
    }

    @Test
    void connectThenDisconnectFromACustomNamespace() {
        connected();
        engine.text("0/custom");
        assertEquals(2, engine.take().size());
        engine.text("1/custom");
        engine.text("2[\"message\",\"message to main namespace\"]");
        assertEquals(List.of("2[\"message-back\",\"message to main namespace\"]"), engine.take());
    }

    @Test
    void plainTextEcho() {
        connected();
        engine.text(SuitePackets.PLAIN);
        assertEquals(List.of(SuitePackets.PLAIN_BACK), engine.take());
    }

    @Test
    void binaryAttachmentsEcho() {
        connected();
        engine.text(SuitePackets.BINARY);
        engine.binary((byte) 1, (byte) 2, (byte) 3);
        assertEquals(List.of(), engine.take());
        engine.binary((byte) 4, (byte) 5, (byte) 6);
        assertEquals(List.of(SuitePackets.BINARY_BACK, "bin:010203", "bin:040506"), engine.take());
    }

    @Test
    void plainTextWithAnAck() {
        connected();
        engine.text(SuitePackets.PLAIN_WITH_ACK);
        assertEquals(List.of(SuitePackets.PLAIN_ACK), engine.take());
    }

    @Test
    void binaryAttachmentsWithAnAck() {
        connected();
        engine.text(SuitePackets.BINARY_WITH_ACK);
        engine.binary((byte) 1, (byte) 2, (byte) 3);
        engine.binary((byte) 4, (byte) 5, (byte) 6);
        assertEquals(List.of(SuitePackets.BINARY_ACK, "bin:010203", "bin:040506"), engine.take());
    }

    @Test
    void unknownPacketTypeCloses() {
        connected();
        engine.text("abc");
        assertEquals("parse error", engine.closedWith);
    }

    @Test
    void invalidPayloadCloses() {
        connected();
        engine.text("2{}");
        assertEquals("parse error", engine.closedWith);
    }

    @Test
    void invalidAckIdCloses() {
        connected();
        engine.text(SuitePackets.INVALID_ACK_ID);
        assertEquals("parse error", engine.closedWith);
        engine.text("2[\"message\",1]");
        assertEquals(List.of(), engine.take());
    }
}

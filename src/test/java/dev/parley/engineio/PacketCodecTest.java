package dev.parley.engineio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Spec vectors of engine.io-protocol's README ("Packet encoding"), fed whole. */
class PacketCodecTest {
    @Test
    void typesAreTheirDigits() {
        assertEquals('0', PacketType.OPEN.digit());
        assertEquals('6', PacketType.NOOP.digit());
        assertEquals(PacketType.UPGRADE, PacketType.of('5'));
        assertEquals(null, PacketType.of('7'));
    }

    @Test
    void aWebSocketFrameIsOnePacket() throws MalformedPacket {
        // "4hello  with: 4 => message packet type, hello => message payload"
        assertEquals(Packet.message("hello"), PacketCodec.decode("4hello"));
        assertEquals("4hello", PacketCodec.encode(Packet.message("hello")));
        assertEquals(Packet.of(PacketType.PING, "probe"), PacketCodec.decode("2probe"));
        assertEquals("3probe", PacketCodec.encode(Packet.of(PacketType.PONG, "probe")));
        assertEquals(Packet.UPGRADE, PacketCodec.decode("5"));
    }

    @Test
    void aPayloadIsPacketsJoinedByTheRecordSeparator() throws MalformedPacket {
        // "4hello\x1e2\x1e4world"
        List<Packet> packets = List.of(Packet.message("hello"), Packet.PING, Packet.message("world"));
        assertEquals(packets, PacketCodec.split("4hello\u001e2\u001e4world"));
        assertEquals("4hello\u001e2\u001e4world", PacketCodec.join(packets));
    }

    @Test
    void binaryIsBPlusBase64InAPayload() throws MalformedPacket {
        // "4hello\x1ebAQIDBA==": b => binary prefix, AQIDBA== => buffer <01 02 03 04> encoded as base64
        List<Packet> packets = PacketCodec.split("4hello\u001ebAQIDBA==");
        assertEquals(Packet.message("hello"), packets.get(0));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, packets.get(1).binary());
        assertEquals("4hello\u001ebAQIDBA==", PacketCodec.join(packets));
    }

    @Test
    void utf8TextIsKept() throws MalformedPacket {
        assertEquals(Packet.message("é€😀"), PacketCodec.decode("4é€😀"));
    }

    @Test
    void malformedDataIsRefused() {
        assertThrows(MalformedPacket.class, () -> PacketCodec.decode("abc"));
        assertThrows(MalformedPacket.class, () -> PacketCodec.decode(""));
        assertThrows(MalformedPacket.class, () -> PacketCodec.decode("b!!"));
        assertThrows(MalformedPacket.class, () -> PacketCodec.split("4a\u001eabc"));
        assertThrows(MalformedPacket.class, () -> PacketCodec.split("4a\u001e"));
    }

    @Test
    void theOpenPacketHasExactlyTheFiveKeys() {
        EngineConfig config = EngineConfig.DEFAULTS.withPing(java.time.Duration.ofMillis(300),
                java.time.Duration.ofMillis(200));
        assertEquals("{\"sid\":\"abc\",\"upgrades\":[\"websocket\"],\"pingInterval\":300,\"pingTimeout\":200,"
                + "\"maxPayload\":1000000}", config.openJson("abc", true));
        assertEquals("{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":300,\"pingTimeout\":200,"
                + "\"maxPayload\":1000000}", config.openJson("abc", false));
    }
}

package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link FrameEncoder}: where bytes go, who masks, what it refuses. */
class FrameEncoderTest {
    private static final int RFC_KEY = 0x37fa213d;

    @Test
    void serverFramesAreNeverMasked() {
        // RFC 6455 §5.1: "A server MUST NOT mask any frames that it sends to the client."
        assertEquals("810548656c6c6f", Bytes.of(FrameEncoder.server().encode(Frame.text("Hello"))).hex());
    }

    @Test
    void clientFramesAreMaskedWithAFreshKeyEach() {
        AtomicInteger next = new AtomicInteger(RFC_KEY);
        FrameEncoder encoder = FrameEncoder.client(next::getAndIncrement);
        assertEquals("818537fa213d7f9f4d5158", Bytes.of(encoder.encode(Frame.text("Hello"))).hex());
        assertEquals("818537fa213e7f9f4d5258", Bytes.of(encoder.encode(Frame.text("Hello"))).hex());
    }

    @Test
    void lengthsUseTheMinimalEncoding() {
        FrameEncoder encoder = FrameEncoder.server();
        assertEquals("827d", Bytes.of(encoder.encode(Frame.binary(Bytes.of(new byte[125])))).hex().substring(0, 4));
        assertEquals("827e007e", Bytes.of(encoder.encode(Frame.binary(Bytes.of(new byte[126])))).hex().substring(0, 8));
        assertEquals("827effff",
                Bytes.of(encoder.encode(Frame.binary(Bytes.of(new byte[65535])))).hex().substring(0, 8));
        assertEquals("827f0000000000010000",
                Bytes.of(encoder.encode(Frame.binary(Bytes.of(new byte[65536])))).hex().substring(0, 20));
    }

    @Test
    void headerForA2To32ByteFrameIsWrittenAlone() {
        ByteBuffer header = ByteBuffer.allocate(10);
        FrameEncoder.server().encodeHeader(Opcode.BINARY, true, 1L << 32, header);
        assertEquals("827f0000000100000000", Bytes.of(header.array()).hex());
        assertThrows(IllegalStateException.class,
                () -> FrameEncoder.client(MaskKeys.fixed(1)).encodeHeader(Opcode.BINARY, true, 1, header.clear()));
    }

    @Test
    void encodesIntoTheCallersArrayAtAnOffset() {
        byte[] target = new byte[20];
        int written = FrameEncoder.client(MaskKeys.fixed(RFC_KEY)).encode(Frame.text("Hello"), target, 3);
        assertEquals(11, written);
        assertEquals("000000818537fa213d7f9f4d5158000000000000", Bytes.of(target).hex());
    }

    @Test
    void encodesARawPayloadWithoutMovingIt() {
        ByteBuffer payload = ByteBuffer.wrap(new byte[] {'x', 'H', 'e', 'l', 'l', 'o'}).position(1);
        ByteBuffer target = ByteBuffer.allocateDirect(32).order(ByteOrder.LITTLE_ENDIAN);
        FrameEncoder.client(MaskKeys.fixed(RFC_KEY)).encode(Opcode.TEXT, true, payload, target);
        assertEquals(1, payload.position());
        target.flip();
        assertEquals(Bytes.fromHex("818537fa213d7f9f4d5158"), Bytes.copyOf(target));
    }

    @Test
    void aFrameThatDoesNotFitWritesNothing() {
        ByteBuffer target = ByteBuffer.allocate(10);
        target.put((byte) 1);
        assertThrows(BufferOverflowException.class, () -> FrameEncoder.server().encode(Frame.text("Hello!!!!"), target));
        assertEquals(1, target.position());
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, target.array());
        assertThrows(IndexOutOfBoundsException.class,
                () -> FrameEncoder.server().encode(Frame.text("Hello"), new byte[6], 0));
    }

    @Test
    void controlFramesMustNotBeFragmentedOrLongWhenSent() {
        FrameEncoder encoder = FrameEncoder.server();
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(Frame.of(Opcode.PING, false, Bytes.EMPTY)));
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(Frame.ping(Bytes.of(new byte[126]))));
        assertThrows(IllegalArgumentException.class,
                () -> encoder.encode(Frame.of(Opcode.CLOSE, true, Bytes.fromHex("03"))));
        assertEquals(127, encoder.encode(Frame.ping(Bytes.of(new byte[125]))).length);
    }
}

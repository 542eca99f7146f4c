package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing of frame structure by {@link FrameDecoder}: lengths, chunking, masking direction, limits. */
class FrameDecoderTest {
    private static final long MAX = 1 << 20;

    private static void assertViolation(CloseCode code, Runnable decoding) {
        ProtocolViolation violation = assertThrows(ProtocolViolation.class, decoding::run);
        assertEquals(code, violation.code(), violation.reason());
    }

    @ParameterizedTest(name = "payload length {0}")
    @ValueSource(ints = {0, 125, 126, 127, 65535, 65536})
    void boundaryLengthsDecodeWholeAndOneByteAtATime(int length) {
        // Autobahn 1.2.1–1.2.6 use these lengths: they switch between the 7-, 16- and 64-bit length forms.
        byte[] payload = RawFrames.counting(length);
        byte[] bytes = RawFrames.frame(0x82).payload(payload).build();
        List<Frame> expected = List.of(Frame.binary(Bytes.of(payload)));
        assertEquals(expected, Feed.whole(FrameDecoder.server(MAX), bytes));
        assertEquals(expected, Feed.byteByByte(FrameDecoder.server(MAX), bytes));
        assertEquals(expected, Feed.streamed(FrameDecoder.server(MAX), bytes, 1));
        byte[] unmasked = RawFrames.frame(0x82).unmasked().payload(payload).build();
        assertEquals(expected, Feed.whole(FrameDecoder.client(MAX), unmasked));
        assertEquals(expected, Feed.byteByByte(FrameDecoder.client(MAX), unmasked));
    }

    @Test
    void lengthOf2To32IsReadFromTheHeaderWithoutAllocatingIt() {
        // A 2^32-byte frame: only its header is fed. A streaming decoder with a limit above 2^32 announces it; no
        // payload memory is involved.
        byte[] header = RawFrames.frame(0x82).unmasked().declaredLength(1L << 32).build();
        assertEquals("827f0000000100000000", Bytes.of(header).hex());
        Recorder recorder = new Recorder();
        FrameDecoder streaming = FrameDecoder.client(1L << 33);
        streaming.stream(ByteBuffer.wrap(header), recorder);
        recorder.assertNext("start BINARY fin 4294967296");
        recorder.assertExhausted();
        assertEquals(FrameDecoder.State.PAYLOAD, streaming.state());
        // The default whole-frame decoder caps it at once.
        assertViolation(CloseCode.MESSAGE_TOO_BIG, () -> FrameDecoder.client(MAX).decode(ByteBuffer.wrap(header)));
    }

    @Test
    void oversizeFrameIsRejectedFromHeaderBeforeAllocation() {
        // A frame claiming 2^62 bytes: 1009 as soon as the 8 length bytes are in, before the masking key.
        byte[] bytes = RawFrames.frame(0x82).declaredLength(1L << 62).build();
        FrameDecoder decoder = FrameDecoder.server(MAX);
        assertNull(decoder.decode(ByteBuffer.wrap(bytes, 0, 9)));
        ProtocolViolation violation = assertThrows(ProtocolViolation.class,
                () -> decoder.decode(ByteBuffer.wrap(bytes, 9, 1)));
        assertEquals(CloseCode.MESSAGE_TOO_BIG, violation.code());
        assertEquals("frame of 4611686018427387904 bytes over the limit of 1048576", violation.reason());
    }

    @Test
    void frameJustOverTheLimitIsRejectedAndFrameAtTheLimitIsNot() {
        FrameDecoder atLimit = FrameDecoder.server(200);
        assertEquals(200, atLimit.decode(ByteBuffer.wrap(RawFrames.frame(0x82).payload(new byte[200]).build()))
                .payload().size());
        byte[] over = RawFrames.frame(0x82).payload(new byte[201]).build();
        assertViolation(CloseCode.MESSAGE_TOO_BIG, () -> FrameDecoder.server(200).decode(ByteBuffer.wrap(over)));
    }

    @Test
    void sixtyFourBitLengthWithTheTopBitSetIsRejectedAtItsFirstByte() {
        // RFC 6455 §5.2: "the most significant bit MUST be 0"
        byte[] bytes = RawFrames.frame(0x82).unmasked().declaredLength(0x8000_0000_0000_0000L).lengthBytes(8).build();
        FrameDecoder decoder = FrameDecoder.client(MAX);
        assertNull(decoder.decode(ByteBuffer.wrap(bytes, 0, 2)));
        assertViolation(CloseCode.PROTOCOL_ERROR, () -> decoder.decode(ByteBuffer.wrap(bytes, 2, 1)));
    }

    @Test
    void lengthsMustBeMinimallyEncoded() {
        // RFC 6455 §5.2: "the minimal number of bytes MUST be used to encode the length"
        byte[] short16 = RawFrames.frame(0x81).unmasked().payloadText("Hello").lengthBytes(2).build();
        assertEquals("817e000548656c6c6f", Bytes.of(short16).hex());
        assertViolation(CloseCode.PROTOCOL_ERROR, () -> FrameDecoder.client(MAX).decode(ByteBuffer.wrap(short16)));
        byte[] short64 = RawFrames.frame(0x82).unmasked().payload(new byte[200]).lengthBytes(8).build();
        assertViolation(CloseCode.PROTOCOL_ERROR, () -> FrameDecoder.client(MAX).decode(ByteBuffer.wrap(short64)));
    }

    @Test
    void clientFramesMustBeMasked() {
        // RFC 6455 §5.1: "The server MUST close the connection upon receiving a frame that is not masked."
        byte[] bytes = RawFrames.hex("810548656c6c6f");
        FrameDecoder decoder = FrameDecoder.server(MAX);
        assertNull(decoder.decode(ByteBuffer.wrap(bytes, 0, 1)));
        assertViolation(CloseCode.PROTOCOL_ERROR, () -> decoder.decode(ByteBuffer.wrap(bytes, 1, 1)));
    }

    @Test
    void serverFramesMustNotBeMasked() {
        // RFC 6455 §5.1: "A client MUST close a connection if it detects a masked frame."
        byte[] bytes = RawFrames.hex("818537fa213d7f9f4d5158");
        assertViolation(CloseCode.PROTOCOL_ERROR, () -> FrameDecoder.client(MAX).decode(ByteBuffer.wrap(bytes)));
    }

    @Test
    void framesSplitAtEveryPositionDecodeTheSame() {
        byte[] bytes = RawFrames.concat(
                RawFrames.frame(0x01).payloadText("Hel").build(),
                RawFrames.frame(0x89).payloadText("ping").build(),
                RawFrames.frame(0x80).payloadText("lo").build(),
                RawFrames.frame(0x82).payload(RawFrames.counting(300)).build(),
                RawFrames.frame(0x88).closeBody(1000, new byte[0]).build());
        List<Frame> expected = Feed.whole(FrameDecoder.server(MAX), bytes);
        assertEquals(5, expected.size());
        for (int split = 0; split <= bytes.length; split++) {
            assertEquals(expected, Feed.split(FrameDecoder.server(MAX), bytes, split), "split at " + split);
        }
        for (int chunk = 1; chunk <= 17; chunk++) {
            assertEquals(expected, Feed.streamed(FrameDecoder.server(MAX), bytes, chunk), "chunks of " + chunk);
        }
    }

    @Test
    void decodeReturnsOneFrameAtATimeAndLeavesTheRestInTheBuffer() {
        ByteBuffer in = ByteBuffer.wrap(RawFrames.hex("810548656c6c6f" + "890548656c6c6f"));
        FrameDecoder decoder = FrameDecoder.client(MAX);
        assertEquals(Frame.text("Hello"), decoder.decode(in));
        assertEquals(7, in.remaining());
        assertEquals(Frame.ping(Bytes.utf8("Hello")), decoder.decode(in));
        assertNull(decoder.decode(in));
        assertTrue(decoder.isAtFrameBoundary());
    }

    @Test
    void inputBytesAreNeverModified() {
        byte[] bytes = RawFrames.hex("818537fa213d7f9f4d5158");
        byte[] copy = bytes.clone();
        FrameDecoder.server(MAX).decode(ByteBuffer.wrap(bytes));
        FrameDecoder.server(MAX).stream(ByteBuffer.wrap(bytes), new Recorder());
        assertArrayEquals(copy, bytes);
    }

    @Test
    void directBuffersDecodeLikeHeapBuffers() {
        byte[] bytes = RawFrames.frame(0x82).payload(RawFrames.counting(1000)).build();
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        assertEquals(Frame.binary(Bytes.of(RawFrames.counting(1000))), FrameDecoder.server(MAX).decode(direct));
    }

    @Test
    void streamingDeliversPayloadBeforeTheFrameIsComplete() {
        byte[] bytes = RawFrames.frame(0x82).payload(RawFrames.counting(100)).build();
        Recorder recorder = new Recorder();
        FrameDecoder decoder = FrameDecoder.server(MAX);
        decoder.stream(ByteBuffer.wrap(bytes, 0, 2 + 4 + 60), recorder);
        recorder.assertNext("start BINARY fin 100");
        recorder.assertExhausted();
        assertEquals(60, recorder.payloadSoFar());
        decoder.stream(ByteBuffer.wrap(bytes, 66, bytes.length - 66), recorder);
        recorder.assertNext("end BINARY " + Bytes.of(RawFrames.counting(100)));
        recorder.assertExhausted();
    }

    @Test
    void streamingPassesControlFramesWholeBetweenDataFrames() {
        byte[] bytes = RawFrames.concat(
                RawFrames.frame(0x01).payloadText("Hel").build(),
                RawFrames.frame(0x89).payloadText("p").build(),
                RawFrames.frame(0x80).payloadText("lo").build());
        Recorder recorder = new Recorder();
        FrameDecoder decoder = FrameDecoder.server(MAX);
        for (byte b : bytes) {
            decoder.stream(ByteBuffer.wrap(new byte[] {b}), recorder);
        }
        recorder.assertNext("start TEXT 3");
        recorder.assertNext("end TEXT 48656c");
        recorder.assertNext("control PING fin 1 bytes 70");
        recorder.assertNext("start CONTINUATION fin 2");
        recorder.assertNext("end CONTINUATION 6c6f");
        recorder.assertExhausted();
    }

    @Test
    void aFailedDecoderStaysFailed() {
        FrameDecoder decoder = FrameDecoder.server(MAX);
        ProtocolViolation first = assertThrows(ProtocolViolation.class,
                () -> decoder.decode(ByteBuffer.wrap(RawFrames.hex("83"))));
        assertEquals(FrameDecoder.State.FAILED, decoder.state());
        ProtocolViolation again = assertThrows(ProtocolViolation.class,
                () -> decoder.decode(ByteBuffer.wrap(RawFrames.hex("818537fa213d7f9f4d5158"))));
        assertSame(first, again);
    }

    @Test
    void oneDecoderIsUsedEitherWholeOrStreaming() {
        FrameDecoder decoder = FrameDecoder.server(MAX);
        decoder.decode(ByteBuffer.allocate(0));
        assertThrows(IllegalStateException.class, () -> decoder.stream(ByteBuffer.allocate(0), new Recorder()));
    }

    @Test
    void negotiatedRsvBitsAreAllowed() {
        // RFC 6455 §5.2: RSV1–3 "MUST be 0 unless an extension is negotiated that defines meanings for non-zero values"
        FrameDecoder decoder = new FrameDecoder(new FrameRules(Role.SERVER, MAX, Rfc6455.RSV1));
        Frame frame = decoder.decode(ByteBuffer.wrap(RawFrames.frame(0xC1).payloadText("x").build()));
        assertTrue(frame.rsv1());
        assertViolation(CloseCode.PROTOCOL_ERROR, () -> new FrameDecoder(new FrameRules(Role.SERVER, MAX, Rfc6455.RSV1))
                .decode(ByteBuffer.wrap(RawFrames.frame(0xA1).payloadText("x").build())));
    }

    @Test
    void controlFramesMustNotBeFragmented() {
        // RFC 6455 §5.5: control frames "MUST NOT be fragmented"; a ping with FIN = 0 fails at its first byte.
        assertViolation(CloseCode.PROTOCOL_ERROR,
                () -> FrameDecoder.server(MAX).decode(ByteBuffer.wrap(RawFrames.hex("09"))));
    }

    @Test
    void controlFramesMustNotExceed125Bytes() {
        // RFC 6455 §5.5: "All control frames MUST have a payload length of 125 bytes or less"; fails at byte 1.
        assertViolation(CloseCode.PROTOCOL_ERROR,
                () -> FrameDecoder.server(MAX).decode(ByteBuffer.wrap(RawFrames.hex("89fe"))));
        Frame ping = FrameDecoder.server(MAX).decode(ByteBuffer.wrap(RawFrames.frame(0x89).payload(new byte[125]).build()));
        assertEquals(125, ping.payload().size());
    }

    @Test
    void reservedOpcodesAndRsvBitsAreRejectedAtTheFirstByte() {
        for (int b0 = 0; b0 < 256; b0++) {
            int opcode = b0 & 0x0F;
            boolean known = opcode <= 2 || opcode >= 8 && opcode <= 10;
            boolean valid = known && (b0 & 0x70) == 0 && (opcode < 8 || (b0 & 0x80) != 0);
            FrameDecoder decoder = FrameDecoder.server(MAX);
            ByteBuffer first = ByteBuffer.wrap(new byte[] {(byte) b0});
            if (valid) {
                assertNull(decoder.decode(first), "byte 0 = " + b0);
            } else {
                assertViolation(CloseCode.PROTOCOL_ERROR, () -> decoder.decode(first));
            }
        }
    }
}

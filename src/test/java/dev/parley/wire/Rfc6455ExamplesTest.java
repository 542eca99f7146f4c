package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples of RFC 6455 §5.7, each checked in both directions: the bytes decode to the frame (all at once, one
 * byte at a time, and streamed) and the frame encodes to the bytes. Masked examples use the RFC's key 0x37fa213d.
 */
class Rfc6455ExamplesTest {
    private static final int RFC_KEY = 0x37fa213d;

    /** Decodes {@code hex} as the receiving side of {@code sender} and encodes {@code frame} as {@code sender}. */
    private static void assertFrameData(String hex, Role sender, Frame... frames) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        long max = 1 << 20;
        FrameDecoder decoder = sender == Role.CLIENT ? FrameDecoder.server(max) : FrameDecoder.client(max);
        assertEquals(List.of(frames), Feed.whole(decoder, bytes), "decoded whole");
        decoder = sender == Role.CLIENT ? FrameDecoder.server(max) : FrameDecoder.client(max);
        assertEquals(List.of(frames), Feed.byteByByte(decoder, bytes), "decoded one byte at a time");
        for (int chunk : new int[] {1, 3, 4096}) {
            decoder = sender == Role.CLIENT ? FrameDecoder.server(max) : FrameDecoder.client(max);
            assertEquals(List.of(frames), Feed.streamed(decoder, bytes, chunk), "streamed in chunks of " + chunk);
        }

        FrameEncoder encoder = sender == Role.CLIENT ? FrameEncoder.client(MaskKeys.fixed(RFC_KEY)) : FrameEncoder.server();
        ByteBuffer out = ByteBuffer.allocate(bytes.length);
        for (Frame frame : frames) {
            encoder.encode(frame, out);
        }
        assertEquals(hex, HexFormat.of().formatHex(out.array()), "encoded");
    }

    @Test
    void singleFrameUnmaskedTextMessage() {
        // RFC 6455 §5.7: "A single-frame unmasked text message (contains "Hello")"
        assertFrameData("810548656c6c6f", Role.SERVER, Frame.text("Hello"));
    }

    @Test
    void singleFrameMaskedTextMessage() {
        // RFC 6455 §5.7: "A single-frame masked text message (contains "Hello")"
        assertFrameData("818537fa213d7f9f4d5158", Role.CLIENT, Frame.text("Hello"));
    }

    @Test
    void fragmentedUnmaskedTextMessage() {
        // RFC 6455 §5.7: "A fragmented unmasked text message"
        assertFrameData("010348656c" + "80026c6f", Role.SERVER,
                Frame.of(Opcode.TEXT, false, Bytes.utf8("Hel")), Frame.continuation(Bytes.utf8("lo"), true));

        Recorder recorder = new Recorder();
        MessageAssembler assembler = new MessageAssembler(1024, recorder);
        Feed.whole(FrameDecoder.client(1024), RawFrames.hex("010348656c80026c6f")).forEach(assembler::accept);
        recorder.assertNext("text Hello");
        recorder.assertExhausted();
    }

    @Test
    void unmaskedPingRequest() {
        // RFC 6455 §5.7: "Unmasked Ping request and masked Ping response" — the request
        assertFrameData("890548656c6c6f", Role.SERVER, Frame.ping(Bytes.utf8("Hello")));
    }

    @Test
    void maskedPingResponse() {
        // RFC 6455 §5.7: the response, a masked Pong with the same body
        assertFrameData("8a8537fa213d7f9f4d5158", Role.CLIENT, Frame.pong(Bytes.utf8("Hello")));
    }

    @Test
    void binaryMessageOf256BytesInOneUnmaskedFrame() {
        // RFC 6455 §5.7: "256 bytes binary message in a single unmasked frame 0x82 0x7E 0x0100 [256 bytes of binary data]"
        byte[] data = RawFrames.counting(256);
        assertFrameData("827e0100" + HexFormat.of().formatHex(data), Role.SERVER, Frame.binary(Bytes.of(data)));
    }

    @Test
    void binaryMessageOf64KiBInOneUnmaskedFrame() {
        // RFC 6455 §5.7: "64KiB binary message in a single unmasked frame 0x82 0x7F 0x0000000000010000 [65536 bytes of
        // binary data]"
        byte[] data = RawFrames.counting(65536);
        assertFrameData("827f0000000000010000" + HexFormat.of().formatHex(data), Role.SERVER,
                Frame.binary(Bytes.of(data)));
    }

    @Test
    void handshakeAcceptKeyOfSection1_3() {
        // RFC 6455 §1.3: key "dGhlIHNhbXBsZSBub25jZQ==" gives "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Handshake.acceptKey("dGhlIHNhbXBsZSBub25jZQ=="));
    }
}

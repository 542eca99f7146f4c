package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Frames a server must refuse, each named after the Autobahn test suite case it mirrors (the client sends them, so
 * they are masked). Every case is fed whole and one byte at a time through {@link FrameDecoder} and
 * {@link MessageAssembler}, and must fail with the right close code.
 */
class InvalidFramesTest {
    private static final int MAX = 1 << 20;
    private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.UTF_8);

    static Stream<Arguments> invalidFrames() {
        return Stream.of(
                bad("2.5", "ping payload of 126 bytes", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(0x89).payload(new byte[126]).build()),
                bad("3.1", "text with RSV = 1", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(true, 1, 0x1).payload(HELLO).build()),
                bad("3.2", "text with RSV = 2 after a valid text", CloseCode.PROTOCOL_ERROR, RawFrames.concat(
                        RawFrames.frame(0x81).payload(HELLO).build(), RawFrames.frame(true, 2, 0x1).payload(HELLO).build())),
                bad("3.3", "text with RSV = 3", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(true, 3, 0x1).payload(HELLO).build()),
                bad("3.4", "text with RSV = 4", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(true, 4, 0x1).payload(HELLO).build()),
                bad("3.5", "binary with RSV = 5", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(true, 5, 0x2).payload(new byte[] {0, 1}).build()),
                bad("3.6", "ping with RSV = 6", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(true, 6, 0x9).payload(HELLO).build()),
                bad("3.7", "close with RSV = 7", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(true, 7, 0x8).build()),
                bad("4.1.1", "reserved data opcode 3", CloseCode.PROTOCOL_ERROR, RawFrames.frame(0x83).build()),
                bad("4.1.2", "reserved data opcode 4 with payload", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(0x84).payload(HELLO).build()),
                bad("4.1.3", "reserved data opcode 5 after a valid text", CloseCode.PROTOCOL_ERROR, RawFrames.concat(
                        RawFrames.frame(0x81).payload(HELLO).build(), RawFrames.frame(0x85).build())),
                bad("4.1.4", "reserved data opcode 6 with payload", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(0x86).payload(HELLO).build()),
                bad("4.1.5", "reserved data opcode 7 with payload", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(0x87).payload(HELLO).build()),
                bad("4.2.1", "reserved control opcode 11", CloseCode.PROTOCOL_ERROR, RawFrames.frame(0x8B).build()),
                bad("4.2.2", "reserved control opcode 12 with payload", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(0x8C).payload(HELLO).build()),
                bad("4.2.3", "reserved control opcode 13 after a valid text", CloseCode.PROTOCOL_ERROR,
                        RawFrames.concat(RawFrames.frame(0x81).payload(HELLO).build(), RawFrames.frame(0x8D).build())),
                bad("4.2.4", "reserved control opcode 14 with payload", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(0x8E).payload(HELLO).build()),
                bad("4.2.5", "reserved control opcode 15 with payload", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(0x8F).payload(HELLO).build()),
                bad("5.1", "ping fragmented into 2", CloseCode.PROTOCOL_ERROR, RawFrames.concat(
                        RawFrames.frame(0x09).payloadText("frag1").build(), RawFrames.frame(0x80).payloadText("frag2").build())),
                bad("5.2", "pong fragmented into 2", CloseCode.PROTOCOL_ERROR, RawFrames.concat(
                        RawFrames.frame(0x0A).payloadText("frag1").build(), RawFrames.frame(0x80).payloadText("frag2").build())),
                bad("5.9", "continuation with FIN where there is nothing to continue", CloseCode.PROTOCOL_ERROR,
                        RawFrames.concat(RawFrames.frame(0x80).payloadText("non-continuation payload").build(),
                                RawFrames.frame(0x81).payload(HELLO).build())),
                bad("5.12", "continuation without FIN where there is nothing to continue", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(0x00).payloadText("non-continuation payload").build()),
                bad("5.15", "text in 2 fragments, then a continuation with nothing to continue", CloseCode.PROTOCOL_ERROR,
                        RawFrames.concat(RawFrames.frame(0x01).payloadText("fragment1").build(),
                                RawFrames.frame(0x80).payloadText("fragment2").build(),
                                RawFrames.frame(0x00).payloadText("fragment3").build())),
                bad("5.18", "text in 2 fragments, both with opcode text", CloseCode.PROTOCOL_ERROR, RawFrames.concat(
                        RawFrames.frame(0x01).payloadText("fragment1").build(),
                        RawFrames.frame(0x81).payloadText("fragment2").build())),
                bad("6.3.1", "invalid UTF-8 text (a surrogate) in one frame", CloseCode.INVALID_PAYLOAD_DATA,
                        RawFrames.frame(0x81).payloadHex("cebae1bdb9cf83cebcceb5eda080656469746564").build()),
                bad("6.4.1", "invalid UTF-8 in the 2nd of 3 fragments", CloseCode.INVALID_PAYLOAD_DATA, RawFrames.concat(
                        RawFrames.frame(0x01).payloadHex("cebae1bdb9cf83cebcceb5").build(),
                        RawFrames.frame(0x00).payloadHex("f4908080").build(),
                        RawFrames.frame(0x80).payloadHex("656469746564").build())),
                bad("7.3.2", "close payload of 1 byte", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(0x88).payloadHex("03").build()),
                bad("7.3.6", "close with a 124-byte reason (126-byte payload)", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(0x88).closeBody(1000, "*".repeat(124).getBytes(StandardCharsets.UTF_8)).build()),
                bad("7.5.1", "close reason that is not UTF-8", CloseCode.INVALID_PAYLOAD_DATA,
                        RawFrames.frame(0x88).closeBody(1000, RawFrames.hex("cebae1bdb9cf83cebcceb5eda080656469746564"))
                                .build()),
                closeCode("7.9.1", 0), closeCode("7.9.2", 999), closeCode("7.9.3", 1004), closeCode("7.9.4", 1005),
                closeCode("7.9.5", 1006), closeCode("7.9.9", 1015), closeCode("7.9.10", 1016),
                closeCode("7.9.11", 1100), closeCode("7.9.12", 2000), closeCode("7.9.13", 2999),
                closeCode("7.13.1", 5000), closeCode("7.13.2", 65535));
    }

    private static Arguments bad(String autobahnCase, String what, CloseCode code, byte[] bytes) {
        return Arguments.of(autobahnCase, what, code, bytes);
    }

    private static Arguments closeCode(String autobahnCase, int code) {
        return bad(autobahnCase, "close code " + code, CloseCode.PROTOCOL_ERROR,
                RawFrames.frame(0x88).closeBody(code, new byte[0]).build());
    }

    @ParameterizedTest(name = "Autobahn {0}: {1} -> {2}")
    @MethodSource("invalidFrames")
    void isRejectedWhenDecodedWhole(String autobahnCase, String what, CloseCode expected, byte[] bytes) {
        MessageAssembler assembler = new MessageAssembler(MAX, new Recorder());
        FrameDecoder decoder = FrameDecoder.server(MAX);
        ProtocolViolation violation = assertThrows(ProtocolViolation.class, () -> {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            for (Frame frame; (frame = decoder.decode(in)) != null; ) {
                assembler.accept(frame);
            }
        });
        assertEquals(expected, violation.code(), violation.reason());
    }

    @ParameterizedTest(name = "Autobahn {0}: {1} -> {2}")
    @MethodSource("invalidFrames")
    void isRejectedWhenStreamedOneByteAtATime(String autobahnCase, String what, CloseCode expected, byte[] bytes) {
        MessageAssembler assembler = new MessageAssembler(MAX, new Recorder());
        FrameDecoder decoder = FrameDecoder.server(MAX);
        ProtocolViolation violation = assertThrows(ProtocolViolation.class, () -> {
            for (byte b : bytes) {
                decoder.stream(ByteBuffer.wrap(new byte[] {b}), assembler);
            }
        });
        assertEquals(expected, violation.code(), violation.reason());
    }
}

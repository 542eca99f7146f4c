package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fragmentation (RFC 6455 §5.4), interleaved control frames, message limits and fail-fast UTF-8 across frames. */
class MessageAssemblerTest {
    private final Recorder recorder = new Recorder();
    private final MessageAssembler assembler = new MessageAssembler(1000, recorder);

    @AfterEach
    void nothingElseHappened() {
        recorder.assertExhausted();
    }

    private static Frame fragment(Opcode opcode, boolean fin, String text) {
        return Frame.of(opcode, fin, Bytes.utf8(text));
    }

    private static Frame fragmentHex(Opcode opcode, boolean fin, String hex) {
        return Frame.of(opcode, fin, Bytes.fromHex(hex));
    }

    private static void assertViolation(CloseCode code, String reason, Runnable action) {
        ProtocolViolation violation = assertThrows(ProtocolViolation.class, action::run);
        assertEquals(code, violation.code());
        assertEquals(reason, violation.reason());
    }

    @Test
    void fragmentsAreJoinedIntoOneMessage() {
        assembler.accept(fragment(Opcode.TEXT, false, "Hel"));
        assembler.accept(fragment(Opcode.CONTINUATION, false, ""));
        assembler.accept(fragment(Opcode.CONTINUATION, true, "lo"));
        assembler.accept(Frame.binary(Bytes.fromHex("0102")));
        recorder.assertNext("text Hello");
        recorder.assertNext("binary 0102");
    }

    @Test
    void controlFramesBetweenFragmentsArePassedThroughImmediately() {
        // RFC 6455 §5.4: "Control frames (see Section 5.5) MAY be injected in the middle of a fragmented message."
        // (Autobahn 5.19/5.20)
        assembler.accept(fragment(Opcode.TEXT, false, "Hel"));
        assembler.accept(Frame.ping(Bytes.utf8("p")));
        recorder.assertNext("ping 70");
        recorder.assertExhausted();
        assembler.accept(Frame.pong(Bytes.EMPTY));
        recorder.assertNext("pong ");
        assembler.accept(fragment(Opcode.CONTINUATION, true, "lo"));
        recorder.assertNext("text Hello");
    }

    @Test
    void continuationWithoutStartIsProtocolError() {
        // Autobahn 5.9
        assertViolation(CloseCode.PROTOCOL_ERROR, "continuation frame without a message",
                () -> assembler.accept(fragment(Opcode.CONTINUATION, true, "x")));
    }

    @Test
    void newDataFrameWhileAFragmentedMessageIsOpenIsProtocolError() {
        // Autobahn 5.18
        assembler.accept(fragment(Opcode.TEXT, false, "fragment1"));
        assertViolation(CloseCode.PROTOCOL_ERROR, "BINARY frame inside a fragmented message",
                () -> assembler.accept(Frame.binary(Bytes.EMPTY)));
    }

    @Test
    void codePointSplitAcrossFragmentsIsAccepted() {
        // κόσμε with the 3-byte ὸ (e1 bd b9) split across three fragments
        assembler.accept(fragmentHex(Opcode.TEXT, false, "ceba" + "e1"));
        assembler.accept(fragmentHex(Opcode.CONTINUATION, false, "bd"));
        assembler.accept(fragmentHex(Opcode.CONTINUATION, true, "b9" + "cf83cebcceb5"));
        recorder.assertNext("text \u03ba\u1f79\u03c3\u03bc\u03b5"); // κόσμε, ό being U+1F79
    }

    @Test
    void invalidUtf8IsRejectedMidFragment() {
        // Autobahn 6.4.1: κόσμε, then f4 90 80 80 (above U+10FFFF), then "edited"; fails in the second fragment.
        assembler.accept(fragmentHex(Opcode.TEXT, false, "cebae1bdb9cf83cebcceb5"));
        assertViolation(CloseCode.INVALID_PAYLOAD_DATA, "invalid UTF-8 at byte 12",
                () -> assembler.accept(fragmentHex(Opcode.CONTINUATION, false, "f4908080")));
    }

    @Test
    void invalidUtf8IsRejectedMidFrameWhenFedPartially() {
        // Autobahn 6.4.3/6.4.4: one frame whose invalid bytes arrive before its end; the rest never needs to arrive.
        byte[] frame = RawFrames.frame(0x81).payloadHex("cebae1bdb9cf83cebcceb5" + "f4908080" + "656469746564").build();
        FrameDecoder decoder = FrameDecoder.server(1000);
        int upToF4 = 6 + 11 + 1;
        decoder.stream(ByteBuffer.wrap(frame, 0, upToF4), assembler); // f4 could still start a valid character
        assertViolation(CloseCode.INVALID_PAYLOAD_DATA, "invalid UTF-8 at byte 12",
                () -> decoder.stream(ByteBuffer.wrap(frame, upToF4, 1), assembler)); // 90 cannot follow f4
    }

    @Test
    void textMustNotEndInsideACharacter() {
        assembler.accept(fragmentHex(Opcode.TEXT, false, "ceba"));
        assertViolation(CloseCode.INVALID_PAYLOAD_DATA, "UTF-8 truncated at byte 3",
                () -> assembler.accept(fragmentHex(Opcode.CONTINUATION, true, "e1")));
    }

    @Test
    void binaryMessagesAreNotCheckedForUtf8() {
        assembler.accept(fragmentHex(Opcode.BINARY, false, "ff"));
        assembler.accept(fragmentHex(Opcode.CONTINUATION, true, "c0"));
        recorder.assertNext("binary ffc0");
    }

    @Test
    void messageOverTheLimitIsRejectedFromTheFrameHeader() {
        assembler.accept(Frame.of(Opcode.BINARY, false, Bytes.of(new byte[600])));
        // The second header announces 401 bytes: 1001 in all, so 1009 before any of them arrive.
        FrameDecoder decoder = FrameDecoder.server(1000);
        byte[] header = RawFrames.frame(0x80).declaredLength(401).build();
        assertViolation(CloseCode.MESSAGE_TOO_BIG, "message of 1001+ bytes over the limit of 1000",
                () -> decoder.stream(ByteBuffer.wrap(header), assembler));
    }

    @Test
    void messageAtTheLimitIsAccepted() {
        assembler.accept(Frame.of(Opcode.BINARY, false, Bytes.of(new byte[600])));
        assembler.accept(Frame.continuation(Bytes.of(new byte[400]), true));
        recorder.assertNext("binary " + Bytes.of(new byte[1000]));
    }

    @Test
    void closeStatusIsParsedAndNothingMayFollowIt() {
        assembler.accept(Frame.close(CloseStatus.of(CloseCode.GOING_AWAY, "bye")));
        recorder.assertNext("close 1001 bye");
        assertViolation(CloseCode.PROTOCOL_ERROR, "frame after close", () -> assembler.accept(Frame.text("late")));
    }

    @Test
    void streamedFramesAreAssembledLikeWholeOnes() {
        byte[] bytes = RawFrames.concat(
                RawFrames.frame(0x01).payloadText("Hel").build(),
                RawFrames.frame(0x89).payloadText("p").build(),
                RawFrames.frame(0x80).payloadText("lo wörld").build(),
                RawFrames.frame(0x82).payloadHex("00ff").build(),
                RawFrames.frame(0x88).closeBody(1000, new byte[0]).build());
        for (int chunk = 1; chunk <= bytes.length; chunk++) {
            MessageAssembler streaming = new MessageAssembler(1000, recorder);
            FrameDecoder decoder = FrameDecoder.server(1000);
            for (int at = 0; at < bytes.length; at += chunk) {
                decoder.stream(ByteBuffer.wrap(bytes, at, Math.min(chunk, bytes.length - at)), streaming);
            }
            recorder.assertNext("ping 70");
            recorder.assertNext("text Hello wörld");
            recorder.assertNext("binary 00ff");
            recorder.assertNext("close 1000 ");
        }
    }
}

package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.parley.client.RawClient;
import dev.parley.wire.Bytes;
import dev.parley.wire.CloseCode;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.Frame;
import dev.parley.wire.Opcode;
import dev.parley.wire.RawFrames;

/**
 * What Parley's running server puts on the wire, byte by byte, read with {@link RawClient} and checked by the
 * project's own decoder (which rejects masked server frames, RSV bits, long or fragmented control frames).
 * Invalid input is built by {@link RawFrames}, never by the encoder, and each case names the Autobahn case it
 * mirrors. Where stock Tyrus is wrong (unmasked client frames, 1011 for oversize frames, UTF-8 checked late), the
 * expectations here are RFC 6455's: the embedded server's {@code WireGuard} makes them hold.
 */
class WireConformanceIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int CAP = 64 * 1024;

    @RegisterExtension
    static final RunningServer server = new RunningServer(config -> config.withLimits(
            config.limits().withMaxMessageBytes(CAP)));

    private static RawClient connect() throws IOException {
        return RawClient.connect(server.ws("/echo"), WAIT);
    }

    // --- what the server sends ---

    @ParameterizedTest(name = "text of {0} bytes")
    @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536})
    void serverFramesAreUnmaskedFinalAndUseTheShortestLength(int length) throws Exception {
        try (RawClient client = RawClient.connect(server.ws("/echo"), WAIT)) {
            String text = "a".repeat(length);
            client.send(Frame.text(text));
            RawClient.Received echo = client.read(); // the decoder has already refused any mask bit
            assertTrue(echo.frame().fin(), "FIN");
            assertEquals(Opcode.TEXT, echo.frame().opcode());
            assertEquals(text, echo.frame().text());
            // RFC 6455 §5.2: "the minimal number of bytes MUST be used to encode the length"
            assertEquals(length <= 125 ? 2 : length <= 65535 ? 4 : 10, echo.headerLength());
        }
    }

    @Test
    void pingIsAnsweredWithAPongCarryingTheSamePayload() throws Exception {
        try (RawClient client = connect()) {
            client.send(Frame.ping(Bytes.utf8("are you there?")));
            Frame pong = client.read().frame();
            assertEquals(Opcode.PONG, pong.opcode());
            assertEquals(Bytes.utf8("are you there?"), pong.payload());
        }
    }

    @Test
    void pingBetweenFragmentsIsAnsweredAndTheMessageStillArrivesWhole() throws Exception {
        try (RawClient client = connect()) {
            client.send(Frame.of(Opcode.TEXT, false, Bytes.utf8("Hel")));
            client.send(Frame.ping(Bytes.utf8("mid")));
            Frame pong = client.read().frame();
            assertEquals(Opcode.PONG, pong.opcode());
            assertEquals(Bytes.utf8("mid"), pong.payload());
            client.send(Frame.continuation(Bytes.utf8("lo"), true));
            assertEquals("Hello", client.read().frame().text());
        }
    }

    @ParameterizedTest(name = "close {0}")
    @ValueSource(ints = {1000, 1001, 3000, 4999})
    void closeHandshakeEchoesTheCodeThenTheServerCloses(int code) throws Exception {
        try (RawClient client = connect()) {
            client.send(Frame.close(new CloseStatus(code, "bye")));
            Frame close = client.read().frame();
            assertEquals(Opcode.CLOSE, close.opcode());
            assertEquals(code, close.closeStatus().code());
            assertTrue(client.awaitEndOfStream(), "TCP closed after the close handshake");
        }
    }

    // --- what the server must refuse ---

    static Stream<Arguments> invalidFrames() {
        byte[] invalidUtf8 = RawFrames.hex("cebae1bdb9cf83cebcceb5eda080656469746564"); // κόσμε, then U+D800
        return Stream.of(
                Arguments.of("RFC 5.1 unmasked client frame", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(0x81).unmasked().payloadText("hello").build()),
                Arguments.of("3.1 RSV1 without an extension", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(true, 4, 0x1).payloadText("hello").build()),
                Arguments.of("3.3 RSV3 on a text frame", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(true, 1, 0x1).payloadText("hello").build()),
                Arguments.of("4.1.1 reserved data opcode 3", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(true, 0, 0x3).build()),
                Arguments.of("4.2.1 reserved control opcode B", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(true, 0, 0xB).build()),
                Arguments.of("2.5 ping payload of 126 bytes", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(0x89).payload(new byte[126]).build()),
                Arguments.of("5.1 fragmented ping", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(false, 0, 0x9).payloadText("ping").build()),
                Arguments.of("5.9 continuation without a message", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(true, 0, 0x0).payloadText("orphan").build()),
                Arguments.of("5.18 new text frame inside a fragmented message", CloseCode.PROTOCOL_ERROR,
                        RawFrames.concat(RawFrames.frame(false, 0, 0x1).payloadText("one").build(),
                                RawFrames.frame(true, 0, 0x1).payloadText("two").build())),
                Arguments.of("7.3.2 close payload of one byte", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(0x88).payloadHex("03").build()),
                Arguments.of("7.9.1 close code 0", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(0x88).closeBody(0, new byte[0]).build()),
                Arguments.of("7.9.3 close code 1004", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(0x88).closeBody(1004, new byte[0]).build()),
                Arguments.of("7.9.4 close code 1005", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(0x88).closeBody(1005, new byte[0]).build()),
                Arguments.of("7.9.9 close code 2999", CloseCode.PROTOCOL_ERROR,
                        RawFrames.frame(0x88).closeBody(2999, new byte[0]).build()),
                Arguments.of("7.5.1 close reason not UTF-8", CloseCode.INVALID_PAYLOAD_DATA,
                        RawFrames.frame(0x88).closeBody(1000, invalidUtf8).build()),
                Arguments.of("6.3.1 text not UTF-8", CloseCode.INVALID_PAYLOAD_DATA,
                        RawFrames.frame(0x81).payload(invalidUtf8).build()),
                Arguments.of("9.x frame over the message cap", CloseCode.MESSAGE_TOO_BIG,
                        RawFrames.frame(0x82).payload(new byte[CAP + 1]).build()),
                Arguments.of("9.x fragments adding up to more than the cap", CloseCode.MESSAGE_TOO_BIG,
                        RawFrames.concat(RawFrames.frame(false, 0, 0x2).payload(new byte[CAP]).build(),
                                RawFrames.frame(true, 0, 0x0).payload(new byte[1]).build())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFrames")
    void invalidInputIsClosedWithTheRightCodeAndTheConnectionDropped(String autobahnCase, CloseCode expected,
                                                                     byte[] bytes) throws Exception {
        try (RawClient client = connect()) {
            client.sendRaw(bytes);
            assertClosedWith(client, expected);
        }
    }

    @Test
    void aFrameClaiming2To62BytesIsRefusedFromItsHeaderAlone() throws Exception {
        try (RawClient client = connect()) {
            // Only the header and mask go out: a server that tried to buffer the payload would wait forever.
            client.sendRaw(RawFrames.frame(0x82).declaredLength(1L << 62).build());
            assertClosedWith(client, CloseCode.MESSAGE_TOO_BIG);
        }
    }

    @Test
    void invalidUtf8InTheFirstFragmentFailsBeforeTheLastFragmentIsSent() throws Exception {
        try (RawClient client = connect()) {
            client.sendRaw(RawFrames.frame(false, 0, 0x1).payloadHex("48656c6c6fc0af").build()); // "Hello" + overlong
            assertClosedWith(client, CloseCode.INVALID_PAYLOAD_DATA);
        }
    }

    @Test
    void invalidUtf8FailsMidFrameBeforeTheRestOfTheFrameArrives() throws Exception {
        try (RawClient client = connect()) {
            byte[] frame = RawFrames.frame(0x81).payload(("ok" + "x".repeat(98)).getBytes()).build();
            frame[2 + 4 + 2] ^= (byte) 0xFF; // the payload's third byte: now 0x87 (masked), a stray continuation
            byte[] head = Arrays.copyOf(frame, 2 + 4 + 10); // header, key and 10 of the 100 bytes
            client.sendRaw(head);
            assertClosedWith(client, CloseCode.INVALID_PAYLOAD_DATA);
        }
    }

    @Test
    void validFramesBeforeAViolationAreStillDelivered() throws Exception {
        try (RawClient client = connect()) {
            client.sendRaw(RawFrames.concat( // Autobahn 3.2: a good message, then a bad frame, in one write
                    RawFrames.frame(0x81).payloadText("good").build(),
                    RawFrames.frame(true, 2, 0x1).payloadText("bad").build()));
            assertEquals("good", client.read().frame().text());
            assertClosedWith(client, CloseCode.PROTOCOL_ERROR);
        }
    }

    @Test
    void theServerKeepsServingOthersAfterAViolation() throws Exception {
        try (RawClient bad = connect(); RawClient good = connect()) {
            bad.sendRaw(RawFrames.frame(0x81).unmasked().payloadText("unmasked").build());
            assertClosedWith(bad, CloseCode.PROTOCOL_ERROR);
            good.send(Frame.binary(Bytes.of((byte) 1, (byte) 2, (byte) 3)));
            assertArrayEquals(new byte[] {1, 2, 3}, good.read().frame().payload().toByteArray());
        }
    }

    private static void assertClosedWith(RawClient client, CloseCode expected) throws IOException {
        Frame close = client.read().frame();
        assertEquals(Opcode.CLOSE, close.opcode(), "expected a close frame, got " + close);
        assertEquals(expected.code(), close.closeStatus().code(), close.closeStatus().toString());
        assertTrue(client.awaitEndOfStream(), "the server must drop the connection after failing it");
    }
}

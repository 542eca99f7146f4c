package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Encoding then decoding gives the frame back, at the lengths around each length form (as in Netty's encoder/decoder
 * test: "at the boundaries of each message type, because this shifts the position of the mask field").
 */
class FrameRoundTripTest {
    private static final long MAX = 1 << 20;

    static Stream<Arguments> lengthsAndRoles() {
        return Stream.of(IntStream.rangeClosed(0, 5), IntStream.rangeClosed(125, 129),
                        IntStream.rangeClosed(65535, 65539))
                .flatMapToInt(s -> s)
                .boxed()
                .flatMap(length -> Stream.of(Arguments.of(length, Role.CLIENT), Arguments.of(length, Role.SERVER)));
    }

    @ParameterizedTest(name = "{0} bytes from the {1}")
    @MethodSource("lengthsAndRoles")
    void encodedFramesDecodeToThemselves(int length, Role sender) {
        byte[] payload = RawFrames.counting(length);
        List<Frame> frames = List.of(Frame.binary(Bytes.of(payload)),
                Frame.of(Opcode.TEXT, false, Bytes.of(new byte[length])),
                Frame.continuation(Bytes.of(payload), true));
        FrameEncoder encoder = sender == Role.CLIENT ? FrameEncoder.client(MaskKeys.secure()) : FrameEncoder.server();
        byte[][] encoded = frames.stream().map(encoder::encode).toArray(byte[][]::new);
        byte[] bytes = RawFrames.concat(encoded);
        assertEquals(Rfc6455.headerLength(length, sender == Role.CLIENT) + length, encoded[0].length);

        assertEquals(frames, Feed.whole(decoderFor(sender), bytes), "whole");
        assertEquals(frames, Feed.byteByByte(decoderFor(sender), bytes), "one byte at a time");
        assertEquals(frames, Feed.streamed(decoderFor(sender), bytes, 1000), "streamed");
    }

    private static FrameDecoder decoderFor(Role sender) {
        return sender == Role.CLIENT ? FrameDecoder.server(MAX) : FrameDecoder.client(MAX);
    }
}

package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Utf8Validator} on the UTF-8 cases of the Autobahn suite (6.x), checked for fail-fast positions. */
class Utf8ValidatorTest {

    /** Valid text: Autobahn 6.2 (κόσμε), 6.5, 6.6 (κόσμε), 6.7 (first of each length), 6.11, 6.22, 6.23. */
    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("6.1.1", ""),
                Arguments.of("6.2.1", "48656c6c6f2d c2b540c39fc3b6c3a4c3bcc3a0c3a12d5554462d382121".replace(" ", "")),
                Arguments.of("6.5.1", "cebae1bdb9cf83cebcceb5"),
                Arguments.of("6.7.1", "00"),
                Arguments.of("6.7.2", "c280"),
                Arguments.of("6.7.3", "e0a080"),
                Arguments.of("6.7.4", "f0908080"),
                Arguments.of("6.9.1", "7f"),
                Arguments.of("6.9.2", "dfbf"),
                Arguments.of("6.9.3", "efbfbf"),
                Arguments.of("6.9.4", "f48fbfbf"),
                Arguments.of("6.11.1", "ed9fbf"),
                Arguments.of("6.11.2", "ee8080"),
                Arguments.of("6.11.3", "efbfbd"),
                Arguments.of("6.11.4", "f48fbfbf"),
                Arguments.of("6.22.1", "efbfbe"),
                Arguments.of("6.22.2", "efbfbf"),
                Arguments.of("6.22.3", "f09fbfbe"),
                Arguments.of("6.23.1", "efbfbd"));
    }

    /**
     * Invalid text and the index of the first byte that no valid UTF-8 can contain, where a fail-fast check must stop:
     * Autobahn 6.3 (surrogate in the middle), 6.4 (fail-fast), 6.8 (5/6-byte forms), 6.10, 6.11.5 (above U+10FFFF),
     * 6.12 (unexpected continuations), 6.13 (lonely starts), 6.14 (last byte missing, checked at the end), 6.15–6.16
     * (impossible bytes), 6.17–6.19 (overlong), 6.20–6.21 (surrogates).
     */
    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("6.3.1", "cebae1bdb9cf83cebcceb5eda080656469746564", 12),
                Arguments.of("6.4.1", "cebae1bdb9cf83cebcceb5f4908080656469746564", 12),
                Arguments.of("6.8.1", "f888808080", 0),
                Arguments.of("6.8.2", "fc8480808080", 0),
                Arguments.of("6.10.1", "f7bfbfbf", 0),
                Arguments.of("6.11.5", "f4908080", 1),
                Arguments.of("6.12.1", "80", 0),
                Arguments.of("6.12.2", "bf", 0),
                Arguments.of("6.12.3", "80bf", 0),
                Arguments.of("6.13.1", "c020c120", 0),
                Arguments.of("6.13.2", "e020", 1),
                Arguments.of("6.13.3", "f020", 1),
                Arguments.of("6.14.1", "c0", 0),
                Arguments.of("6.14.2", "e080", 1),
                Arguments.of("6.14.3", "f08080", 1),
                Arguments.of("6.14.6", "df", -1),
                Arguments.of("6.14.7", "efbf", -1),
                Arguments.of("6.14.8", "f7bfbf", 0),
                Arguments.of("6.14.10", "f4 8f bf".replace(" ", ""), -1),
                Arguments.of("6.16.1", "fe", 0),
                Arguments.of("6.16.2", "ff", 0),
                Arguments.of("6.16.3", "fefeffff", 0),
                Arguments.of("6.17.1", "c0af", 0),
                Arguments.of("6.17.2", "e080af", 1),
                Arguments.of("6.17.3", "f08080af", 1),
                Arguments.of("6.18.1", "c1bf", 0),
                Arguments.of("6.18.2", "e09fbf", 1),
                Arguments.of("6.18.3", "f08fbfbf", 1),
                Arguments.of("6.19.1", "c080", 0),
                Arguments.of("6.20.1", "eda080", 1),
                Arguments.of("6.20.4", "edafbf", 1),
                Arguments.of("6.20.5", "edb080", 1),
                Arguments.of("6.20.7", "edbfbf", 1),
                Arguments.of("6.21.1", "eda080edb080", 1));
    }

    @ParameterizedTest(name = "Autobahn {0}: {1}")
    @MethodSource("valid")
    void validTextPassesWholeAndSplitAnywhere(String autobahnCase, String hex) {
        byte[] bytes = RawFrames.hex(hex);
        assertTrue(Utf8Validator.isValid(bytes, 0, bytes.length));
        for (int split = 0; split <= bytes.length; split++) {
            Utf8Validator validator = new Utf8Validator();
            validator.update(bytes, 0, split);
            validator.update(bytes, split, bytes.length - split);
            validator.finish();
        }
    }

    @ParameterizedTest(name = "Autobahn {0}: {1} fails at byte {2}")
    @MethodSource("invalid")
    void invalidTextFailsAtTheFirstImpossibleByte(String autobahnCase, String hex, int failsAt) {
        byte[] bytes = RawFrames.hex(hex);
        assertFalse(Utf8Validator.isValid(bytes, 0, bytes.length));
        Utf8Validator validator = new Utf8Validator();
        for (int i = 0; i < bytes.length; i++) {
            int index = i;
            if (i == failsAt) {
                ProtocolViolation violation = assertThrows(ProtocolViolation.class,
                        () -> validator.update(bytes, index, 1));
                assertEquals(CloseCode.INVALID_PAYLOAD_DATA, violation.code());
                assertEquals("invalid UTF-8 at byte " + failsAt, violation.reason());
                return;
            }
            validator.update(bytes, index, 1); // every byte before must be accepted: it could still be valid
        }
        assertEquals(-1, failsAt, "the bytes ran out before the expected failure");
        ProtocolViolation violation = assertThrows(ProtocolViolation.class, validator::finish);
        assertEquals("UTF-8 truncated at byte " + bytes.length, violation.reason());
    }

    @Test
    void agreesWithTheJdkStrictDecoderOnAllTwoByteAndThreeByteSequences() {
        byte[] two = new byte[2];
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                two[0] = (byte) a;
                two[1] = (byte) b;
                assertEquals(jdkAccepts(two), Utf8Validator.isValid(two, 0, 2), () -> Bytes.of(two).hex());
            }
        }
        byte[] three = new byte[3];
        for (int a = 0xE0; a <= 0xEF; a++) {
            for (int b = 0x70; b < 0xD0; b++) {
                for (int c = 0x70; c < 0xD0; c++) {
                    three[0] = (byte) a;
                    three[1] = (byte) b;
                    three[2] = (byte) c;
                    assertEquals(jdkAccepts(three), Utf8Validator.isValid(three, 0, 3), () -> Bytes.of(three).hex());
                }
            }
        }
    }

    @Test
    void agreesWithTheJdkStrictDecoderOnRandomFourByteSequencesAndMixedText() {
        SplittableRandom random = new SplittableRandom(6455);
        byte[] four = new byte[4];
        for (int i = 0; i < 200_000; i++) {
            four[0] = (byte) (0xF0 + random.nextInt(8));
            for (int k = 1; k < 4; k++) {
                four[k] = (byte) (0x70 + random.nextInt(0x60));
            }
            assertEquals(jdkAccepts(four), Utf8Validator.isValid(four, 0, 4), () -> Bytes.of(four).hex());
        }
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(100); k > 0; k--) {
                int codePoint = random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x110000);
                text.appendCodePoint(Character.isSurrogate((char) codePoint) && codePoint < 0x10000 ? 'x' : codePoint);
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            assertTrue(Utf8Validator.isValid(bytes, 0, bytes.length), text::toString);
            if (bytes.length > 0) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                assertEquals(jdkAccepts(bytes), Utf8Validator.isValid(bytes, 0, bytes.length), () -> Bytes.of(bytes).hex());
            }
        }
    }

    @Test
    void longAsciiRunsAreCheckedAroundTheWordLoop() {
        for (int length = 0; length < 40; length++) {
            for (int bad = 0; bad < length; bad++) {
                byte[] bytes = "a".repeat(length).getBytes(StandardCharsets.US_ASCII);
                bytes[bad] = (byte) 0xFF;
                Utf8Validator validator = new Utf8Validator();
                ProtocolViolation violation = assertThrows(ProtocolViolation.class,
                        () -> validator.update(bytes, 0, bytes.length));
                assertEquals("invalid UTF-8 at byte " + bad, violation.reason());
            }
        }
    }

    @Test
    void directBuffersAreCheckedLikeArrays() {
        ByteBuffer direct = ByteBuffer.allocateDirect(16).put(RawFrames.hex("cebae1bdb9cf83cebcceb5eda080")).flip();
        assertThrows(ProtocolViolation.class, () -> new Utf8Validator().update(direct));
        assertEquals(0, direct.position());
    }

    private final CharsetDecoder jdk = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private final CharBuffer chars = CharBuffer.allocate(1024);

    private boolean jdkAccepts(byte[] bytes) {
        jdk.reset();
        chars.clear();
        CoderResult result = jdk.decode(ByteBuffer.wrap(bytes), chars, true); // results, not exceptions: faster
        return !result.isError() && !jdk.flush(chars).isError();
    }
}

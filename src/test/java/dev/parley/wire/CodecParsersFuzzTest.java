package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.wire.WireFuzzing.Chunk;
import dev.parley.wire.WireFuzzing.Input;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzing the codec's small parsers: close bodies, UTF-8, the opening handshake. Each may throw only its documented
 * exception. Without {@code JAZZER_FUZZ=1} they replay the inputs under
 * {@code src/test/resources/dev/parley/wire/CodecParsersFuzzTestInputs/<method>/}; see docs/fuzzing.md.
 */
class CodecParsersFuzzTest {

    /**
     * {@link CloseStatus#parse} on any body: a status, or a {@link ProtocolViolation} with exactly the code an
     * independent reading of RFC 6455 §5.5.1/§7.4 gives (1002 for a 1-byte or over-125-byte body or an unsendable
     * code, 1007 for a reason that is not UTF-8). A parsed status turns back into the very same body.
     */
    @FuzzTest(maxDuration = "1m")
    void closeBodiesParseToTheStatusTheyCarryOrFailWithTheRightCode(FuzzedDataProvider data) {
        byte[] body = data.consumeRemainingAsBytes();
        CloseCode expected = null;
        if (body.length == 1 || body.length > 125
                || body.length >= 2 && !CloseCode.isSendable((body[0] & 0xFF) << 8 | body[1] & 0xFF)) {
            expected = CloseCode.PROTOCOL_ERROR;
        } else if (body.length >= 2 && strictUtf8(body, 2, body.length - 2) == null) {
            expected = CloseCode.INVALID_PAYLOAD_DATA;
        }
        CloseStatus status;
        try {
            status = CloseStatus.parse(Bytes.of(body));
        } catch (ProtocolViolation violation) {
            assertEquals(expected, violation.code(), violation.reason());
            return;
        }
        assertEquals(null, expected, () -> "accepted " + Bytes.of(body));
        if (body.length == 0) {
            assertEquals(CloseStatus.NO_STATUS, status);
        } else {
            assertEquals((body[0] & 0xFF) << 8 | body[1] & 0xFF, status.code());
            assertEquals(strictUtf8(body, 2, body.length - 2), status.reason());
        }
        assertEquals(Bytes.of(body), status.toPayload(), "a parsed close body round-trips");
    }

    /**
     * {@link Utf8Validator}: {@code isValid} agrees with the JDK's strict decoder; fed in fuzz-chosen pieces (arrays
     * and every buffer kind), it throws 1007 "invalid UTF-8 at byte N" exactly at the first byte N that no valid UTF-8
     * text can contain (the end of the shortest prefix that nothing appended makes valid for the JDK's strict decoder),
     * or "UTF-8 truncated" at {@code finish()} for text
     * that stops inside a character, and accepts everything else. Nothing else is thrown.
     */
    @FuzzTest(maxDuration = "1m")
    void utf8ValidatorFailsExactlyWhereTheJdkDecoderFirstCan(FuzzedDataProvider data) {
        boolean buffers = data.consumeBoolean();
        Input input = Input.from(data);
        byte[] text = input.wire();
        boolean valid = strictUtf8(text, 0, text.length) != null;
        assertEquals(valid, Utf8Validator.isValid(text, 0, text.length));
        int firstImpossible = firstImpossibleByte(text);

        Utf8Validator validator = new Utf8Validator();
        try {
            for (Chunk chunk : input.chunks()) {
                if (buffers) {
                    ByteBuffer piece = chunk.buffer(text);
                    int position = piece.position();
                    validator.update(piece);
                    assertEquals(position, piece.position(), "update(ByteBuffer) moved the position");
                } else {
                    validator.update(text, chunk.from(), chunk.length());
                }
            }
        } catch (ProtocolViolation violation) {
            assertEquals(CloseCode.INVALID_PAYLOAD_DATA, violation.code());
            assertEquals("invalid UTF-8 at byte " + firstImpossible, violation.reason());
            return;
        }
        assertEquals(-1, firstImpossible, "the validator missed an impossible byte");
        try {
            validator.finish();
        } catch (ProtocolViolation violation) {
            assertFalse(valid, "a valid text was called truncated");
            assertEquals("UTF-8 truncated at byte " + text.length, violation.reason());
            return;
        }
        assertTrue(valid, "an invalid text passed");
    }

    /**
     * The opening handshake on any bytes: {@link HttpHead#length}, {@link UpgradeRequest#parse} and
     * {@link Handshake#checkRequest} throw only {@link HandshakeRejected}; {@link Handshake#errorResponse} answers any
     * parsed request; an accepted one gets a 101 whose accept key is the RFC's; a parsed request prints as a head that
     * parses back to the same request.
     */
    @FuzzTest(maxDuration = "2m")
    @DictionaryEntries({"GET ", " HTTP/1.1", "Host: ", "Upgrade: websocket", "Connection: Upgrade",
            "Sec-WebSocket-Key: ", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13", ",", ":"})
    void openingHandshakesAreCheckedOrRejectedNothingElse(FuzzedDataProvider data) {
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            int length = HttpHead.length(bytes, 0, bytes.length);
            assertTrue(length == -1 || length > 0 && length <= bytes.length, "head length " + length);
        } catch (HandshakeRejected rejected) {
            assertTrue(bytes.length >= HttpHead.MAX_HEAD, rejected.reason());
        }
        UpgradeRequest request;
        try {
            request = UpgradeRequest.parse(bytes, 0, bytes.length);
        } catch (HandshakeRejected rejected) {
            return;
        }
        assertEquals(request, UpgradeRequest.parse(request.toBytes(), 0, request.toBytes().length),
                "a parsed request prints as a head that parses back to it");
        UpgradeResponse error = Handshake.errorResponse(request);
        assertTrue(error.status() == 400 || error.status() == 426, error.toString());
        String key;
        try {
            key = Handshake.checkRequest(request);
        } catch (HandshakeRejected rejected) {
            return;
        }
        UpgradeResponse accepted = Handshake.accept(request);
        assertEquals(101, accepted.status());
        assertEquals(Handshake.acceptKey(key), accepted.headers().first("Sec-WebSocket-Accept").orElseThrow());
        Handshake.checkResponse(request, accepted);
    }

    /** The strict decoding of {@code length} bytes from {@code offset}, or null if they are not UTF-8. */
    private static String strictUtf8(byte[] bytes, int offset, int length) {
        try {
            return decoder().decode(ByteBuffer.wrap(bytes, offset, length)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /**
     * The index of the first byte that no valid UTF-8 can contain, or -1: the end of the shortest prefix that no
     * continuation turns into valid UTF-8 by the JDK's strict decoder. (Not "the prefix the JDK decoder rejects with
     * endOfInput false": that one lets ED A0..BF pass until the third byte, while the surrogate is certain at the
     * second; the first finding of the utf8 fuzz target, a bug in this oracle, not in the validator.) Rejection is
     * monotone in the prefix length, so a binary search finds it.
     */
    private static int firstImpossibleByte(byte[] bytes) {
        if (canContinue(bytes, bytes.length)) {
            return -1;
        }
        int low = 1;
        int high = bytes.length; // canContinue(high) is false
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (canContinue(bytes, mid)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low - 1;
    }

    /**
     * Whether some bytes appended to {@code bytes[0, length)} make it valid UTF-8. Only the last, unfinished character
     * can need them: at most 3 continuation bytes, of which the first decides (80..8F, 90..9F or A0..BF, RFC 3629 §4)
     * and the others may be any, so these 10 endings cover every case.
     */
    private static boolean canContinue(byte[] bytes, int length) {
        for (int first : new int[] {-1, 0x80, 0x90, 0xA0}) {
            for (int more = 0; more <= (first < 0 ? 0 : 2); more++) {
                byte[] text = java.util.Arrays.copyOf(bytes, length + (first < 0 ? 0 : 1 + more));
                if (first >= 0) {
                    text[length] = (byte) first;
                    java.util.Arrays.fill(text, length + 1, text.length, (byte) 0x80);
                }
                if (strictUtf8(text, 0, text.length) != null) {
                    return true;
                }
            }
        }
        return false;
    }
}

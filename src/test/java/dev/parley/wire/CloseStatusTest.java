package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Close codes (RFC 6455 §7.4 and the IANA registry) and close bodies (§5.5.1). */
class CloseStatusTest {
    /** The registered codes an endpoint may send: RFC 6455 §7.4.1 plus IANA's 1012–1014. */
    private static final Set<Integer> REGISTERED_SENDABLE =
            Set.of(1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014);

    private static Bytes body(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[2 + text.length];
        body[0] = (byte) (code >>> 8);
        body[1] = (byte) code;
        System.arraycopy(text, 0, body, 2, text.length);
        return Bytes.of(body);
    }

    @Test
    void everyTwoByteCodeIsValidExactlyWhenItMayBeSent() {
        for (int code = 0; code <= 0xFFFF; code++) {
            boolean sendable = REGISTERED_SENDABLE.contains(code) || code >= 3000 && code <= 4999;
            assertEquals(sendable, CloseCode.isSendable(code), "code " + code);
            Bytes body = body(code, "");
            if (sendable) {
                assertEquals(new CloseStatus(code, ""), CloseStatus.parse(body));
            } else {
                ProtocolViolation violation = assertThrows(ProtocolViolation.class, () -> CloseStatus.parse(body));
                assertEquals(CloseCode.PROTOCOL_ERROR, violation.code());
            }
        }
    }

    @ParameterizedTest(name = "Autobahn 7.7.x: close code {0} is accepted")
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000,
        4999})
    void validCloseCodesAreAccepted(int code) {
        assertEquals(new CloseStatus(code, "ok"), CloseStatus.parse(body(code, "ok")));
    }

    @Test
    void registryHasEveryCodeFrom1000To1015() {
        assertEquals(16, CloseCode.values().length);
        IntStream.rangeClosed(1000, 1015).forEach(code -> assertEquals(code, CloseCode.of(code).orElseThrow().code()));
        assertEquals(Optional.empty(), CloseCode.of(1016));
        assertEquals(Optional.empty(), CloseCode.of(999));
        assertTrue(CloseCode.BAD_GATEWAY.isSendable());
        assertFalse(CloseCode.RESERVED.isSendable());
        assertFalse(CloseCode.NO_STATUS_RECEIVED.isSendable());
        assertFalse(CloseCode.ABNORMAL_CLOSURE.isSendable());
        assertFalse(CloseCode.TLS_HANDSHAKE.isSendable());
    }

    @Test
    void emptyBodyMeansNoStatus() {
        // Autobahn 7.3.1
        assertEquals(CloseStatus.NO_STATUS, CloseStatus.parse(Bytes.EMPTY));
        assertEquals(Bytes.EMPTY, CloseStatus.NO_STATUS.toPayload());
    }

    @Test
    void closePayloadOfOneByteIsProtocolError() {
        // Autobahn 7.3.2
        ProtocolViolation violation = assertThrows(ProtocolViolation.class, () -> CloseStatus.parse(Bytes.fromHex("03")));
        assertEquals(CloseCode.PROTOCOL_ERROR, violation.code());
    }

    @Test
    void reasonThatIsNotUtf8IsInvalidPayloadData() {
        // Autobahn 7.5.1
        ProtocolViolation violation = assertThrows(ProtocolViolation.class,
                () -> CloseStatus.parse(Bytes.fromHex("03e8" + "cebae1bdb9cf83cebcceb5eda080656469746564")));
        assertEquals(CloseCode.INVALID_PAYLOAD_DATA, violation.code());
    }

    @Test
    void reasonOf123BytesFitsAControlFrame() {
        // Autobahn 7.3.5
        String reason = "*".repeat(123);
        CloseStatus status = CloseStatus.parse(body(1000, reason));
        assertEquals(reason, status.reason());
        assertEquals(125, status.toPayload().size());
    }

    @Test
    void longReasonsAreCutTo123BytesWithoutSplittingACharacter() {
        // 'é' is 2 bytes: 61 of them are 122 bytes, a 62nd would make 124.
        assertEquals("é".repeat(61), CloseStatus.of(CloseCode.NORMAL_CLOSURE, "é".repeat(100)).reason());
        // '€' is 3 bytes: 41 of them are exactly 123.
        assertEquals("€".repeat(41), CloseStatus.of(CloseCode.NORMAL_CLOSURE, "€".repeat(50)).reason());
        // '😀' is 4 bytes (a surrogate pair in Java): 30 of them are 120 bytes.
        assertEquals("😀".repeat(30), CloseStatus.of(CloseCode.NORMAL_CLOSURE, "😀".repeat(40)).reason());
        assertEquals("a" + "😀".repeat(30), CloseStatus.of(CloseCode.NORMAL_CLOSURE, "a" + "😀".repeat(40)).reason());
        String exact = "x".repeat(123);
        assertEquals(exact, CloseStatus.of(CloseCode.NORMAL_CLOSURE, exact + "yz").reason());
    }

    @Test
    void payloadRoundTrips() {
        CloseStatus status = new CloseStatus(4321, "going ☃");
        assertEquals("10e1676f696e6720e29883", status.toPayload().hex());
        assertEquals(status, CloseStatus.parse(status.toPayload()));
    }

    @Test
    void codesThatNeverGoOnTheWireCannotBecomeAPayload() {
        CloseStatus abnormal = CloseStatus.of(CloseCode.ABNORMAL_CLOSURE, "connection lost");
        assertThrows(IllegalStateException.class, abnormal::toPayload);
        assertThrows(IllegalArgumentException.class, () -> new CloseStatus(999, ""));
        assertThrows(IllegalArgumentException.class, () -> new CloseStatus(1005, "no status has no reason"));
    }

    @Test
    void aViolationBecomesTheCloseFrameThatFailsTheConnection() {
        ProtocolViolation violation = new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "x".repeat(200));
        assertEquals(123, violation.reason().length());
        Frame close = violation.toCloseFrame();
        assertEquals(Opcode.CLOSE, close.opcode());
        assertEquals(new CloseStatus(1002, "x".repeat(123)), close.closeStatus());
        assertEquals("8802" + "03ea", Bytes.of(FrameEncoder.server().encode(
                new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "").toCloseFrame())).hex());
    }

    @Test
    void unexpectedFailuresCloseWith1011WithoutDetails() {
        assertEquals(new CloseStatus(1011, "internal error"),
                ProtocolViolation.closeFrameFor(new IllegalStateException("secret detail")).closeStatus());
        ProtocolViolation violation = new ProtocolViolation(CloseCode.MESSAGE_TOO_BIG, "too big");
        assertEquals(violation.toCloseFrame(), ProtocolViolation.closeFrameFor(violation));
    }
}

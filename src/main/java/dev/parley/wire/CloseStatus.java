package dev.parley.wire;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The status of a close frame (RFC 6455 §5.5.1): a code and a UTF-8 reason of at most 123 bytes.
 *
 * <p>A close frame without a body is {@link #NO_STATUS} (code 1005, which §7.4.1 reserves for exactly this report).
 * Codes that never go on the wire (1005, 1006, 1015) may be held so that an application can be told about them, but
 * {@link #toPayload()} refuses them.
 *
 * @param code 1000–4999
 * @param reason never null; longer reasons are cut to 123 UTF-8 bytes without splitting a character
 */
public record CloseStatus(int code, String reason) {
    /** What a close frame with an empty body reports. */
    public static final CloseStatus NO_STATUS = new CloseStatus(CloseCode.NO_STATUS_RECEIVED.code(), "");

    public CloseStatus {
        if (code < 1000 || code > 4999) {
            throw new IllegalArgumentException("close code out of range: " + code);
        }
        reason = truncate(Objects.requireNonNull(reason, "reason"), Rfc6455.MAX_CLOSE_REASON);
        if (code == CloseCode.NO_STATUS_RECEIVED.code() && !reason.isEmpty()) {
            throw new IllegalArgumentException("1005 (no status) cannot carry a reason");
        }
    }

    /** A status with a registered code. */
    public static CloseStatus of(CloseCode code, String reason) {
        return new CloseStatus(code.code(), reason);
    }

    /**
     * Reads the body of a close frame.
     *
     * @throws ProtocolViolation 1002 for a 1-byte body or a code that may not be sent; 1007 for a reason that is not UTF-8
     */
    public static CloseStatus parse(Bytes payload) {
        int size = payload.size();
        if (size == 0) {
            // RFC 6455 §5.5.1: "The Close frame MAY contain a body [...] that indicates a reason for closing."
            return NO_STATUS;
        }
        if (size == 1) {
            // RFC 6455 §5.5.1: "If there is a body, the first two bytes of the body MUST be a 2-byte unsigned integer
            // [...] representing a status code"
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "close payload of 1 byte");
        }
        if (size > Rfc6455.MAX_CONTROL_PAYLOAD) {
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "close payload of " + size + " bytes");
        }
        byte[] body = payload.array();
        int code = (body[0] & 0xFF) << 8 | body[1] & 0xFF;
        if (!CloseCode.isSendable(code)) {
            // RFC 6455 §7.4.1/§7.4.2: 1004–1006 and 1015 are never sent, 0–999 "are not used", and unassigned codes
            // below 3000 have no meaning yet.
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "invalid close code " + code);
        }
        if (!Utf8Validator.isValid(body, 2, size - 2)) {
            // RFC 6455 §8.1: "When an endpoint is to interpret a byte stream as UTF-8 but finds that the byte stream is
            // not, in fact, a valid UTF-8 stream, that endpoint MUST _Fail the WebSocket Connection_."
            throw new ProtocolViolation(CloseCode.INVALID_PAYLOAD_DATA, "close reason is not UTF-8");
        }
        return new CloseStatus(code, new String(body, 2, size - 2, StandardCharsets.UTF_8));
    }

    /** The registered code, if this is one. */
    public java.util.Optional<CloseCode> closeCode() {
        return CloseCode.of(code);
    }

    /**
     * The body of a close frame with this status: empty for {@link #NO_STATUS}, else the code and the reason.
     *
     * @throws IllegalStateException for 1006, 1015 and the other codes that may not be sent
     */
    public Bytes toPayload() {
        if (code == CloseCode.NO_STATUS_RECEIVED.code()) {
            return Bytes.EMPTY;
        }
        if (!CloseCode.isSendable(code)) {
            throw new IllegalStateException("close code " + code + " may not be sent");
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[2 + text.length];
        body[0] = (byte) (code >>> 8);
        body[1] = (byte) code;
        System.arraycopy(text, 0, body, 2, text.length);
        return Bytes.adopt(body);
    }

    /** Cuts {@code text} to at most {@code maxBytes} UTF-8 bytes, never inside a character. */
    static String truncate(String text, int maxBytes) {
        if (text.length() * 3 <= maxBytes) {
            return text; // a UTF-16 unit never takes more than 3 UTF-8 bytes
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= maxBytes) {
            return text;
        }
        int end = maxBytes;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--; // utf8[end] continues the character that starts before it: cut before that character
        }
        return new String(utf8, 0, end, StandardCharsets.UTF_8);
    }
}

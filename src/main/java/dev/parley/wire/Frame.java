package dev.parley.wire;

import java.util.Objects;

/**
 * One frame (RFC 6455 §5.2). As in python-websockets, the MASK bit, the payload length and the masking key are not
 * part of the value: the codec works them out when it reads or writes bytes.
 *
 * <p>A frame may hold anything the header can say, including what the rules forbid (a fragmented ping, RSV bits), so
 * that a test client can describe bad frames; {@link FrameEncoder} and {@link FrameDecoder} apply {@link FrameRules}.
 */
public record Frame(boolean fin, boolean rsv1, boolean rsv2, boolean rsv3, Opcode opcode, Bytes payload) {

    public Frame {
        Objects.requireNonNull(opcode, "opcode");
        Objects.requireNonNull(payload, "payload");
    }

    /** A frame with no RSV bits. */
    public static Frame of(Opcode opcode, boolean fin, Bytes payload) {
        return new Frame(fin, false, false, false, opcode, payload);
    }

    /** A whole text message. */
    public static Frame text(String text) {
        return of(Opcode.TEXT, true, Bytes.utf8(text));
    }

    /** A whole binary message. */
    public static Frame binary(Bytes data) {
        return of(Opcode.BINARY, true, data);
    }

    /** A later fragment of a message. */
    public static Frame continuation(Bytes data, boolean fin) {
        return of(Opcode.CONTINUATION, fin, data);
    }

    public static Frame ping(Bytes data) {
        return of(Opcode.PING, true, data);
    }

    public static Frame pong(Bytes data) {
        return of(Opcode.PONG, true, data);
    }

    /** A close frame carrying {@code status}; {@link CloseStatus#NO_STATUS} gives an empty body. */
    public static Frame close(CloseStatus status) {
        return of(Opcode.CLOSE, true, status.toPayload());
    }

    /** The RSV bits as they sit in byte 0 (RSV1 = 0x40, RSV2 = 0x20, RSV3 = 0x10). */
    public int rsvBits() {
        return (rsv1 ? Rfc6455.RSV1 : 0) | (rsv2 ? Rfc6455.RSV2 : 0) | (rsv3 ? Rfc6455.RSV3 : 0);
    }

    public boolean isControl() {
        return opcode.isControl();
    }

    /** The payload decoded as UTF-8 (malformed input becomes U+FFFD; the decoder paths validate first). */
    public String text() {
        return payload.utf8();
    }

    /**
     * The status in a close frame's body.
     *
     * @throws IllegalStateException if this is not a close frame
     * @throws ProtocolViolation if the body is not a valid close body
     */
    public CloseStatus closeStatus() {
        if (opcode != Opcode.CLOSE) {
            throw new IllegalStateException("not a close frame: " + opcode);
        }
        return CloseStatus.parse(payload);
    }

    /** This frame's header (its payload length included). */
    public FrameHeader header() {
        return new FrameHeader(fin, rsv1, rsv2, rsv3, opcode, payload.size());
    }

    /** e.g. {@code TEXT fin 5 bytes 48656c6c6f}. */
    @Override
    public String toString() {
        return opcode + (fin ? " fin" : "") + (rsv1 ? " rsv1" : "") + (rsv2 ? " rsv2" : "") + (rsv3 ? " rsv3" : "")
                + " " + payload.size() + " bytes" + (payload.isEmpty() ? "" : " " + payload);
    }
}

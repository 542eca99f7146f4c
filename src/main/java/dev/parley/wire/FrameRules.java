package dev.parley.wire;

/**
 * The rules a single frame must follow (RFC 6455 §5), apart from how its bytes are parsed. {@link FrameDecoder} asks
 * after each header byte so that a bad frame fails at the first byte that shows it, and before any payload is
 * allocated; {@link FrameEncoder} asks {@link #checkOutgoing(Frame)} before it writes.
 *
 * <p>The order of frames within a message is {@link MessageRules}'s business.
 */
public final class FrameRules {
    private final Role role;
    private final long maxFramePayload;
    private final int allowedRsvBits;

    /**
     * @param role the end that receives the frames
     * @param maxFramePayload the largest payload accepted in one frame; larger ones fail with 1009
     * @param allowedRsvBits the RSV bits that negotiated extensions give a meaning to (e.g. {@link Rfc6455#RSV1} for
     *     permessage-deflate); 0 without extensions
     */
    public FrameRules(Role role, long maxFramePayload, int allowedRsvBits) {
        if (maxFramePayload < Rfc6455.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("maxFramePayload below 125: " + maxFramePayload);
        }
        if ((allowedRsvBits & ~Rfc6455.RSV_BITS) != 0) {
            throw new IllegalArgumentException("not RSV bits: 0x" + Integer.toHexString(allowedRsvBits));
        }
        this.role = role;
        this.maxFramePayload = maxFramePayload;
        this.allowedRsvBits = allowedRsvBits;
    }

    public Role role() {
        return role;
    }

    public long maxFramePayload() {
        return maxFramePayload;
    }

    /** Checks byte 0 (FIN, RSV, opcode) and returns the opcode. */
    Opcode checkFirstByte(int b0) {
        int rsv = b0 & Rfc6455.RSV_BITS;
        if ((rsv & ~allowedRsvBits) != 0) {
            // RFC 6455 §5.2: "If a nonzero value is received and none of the negotiated extensions defines the meaning
            // of such a nonzero value, the receiving endpoint MUST _Fail the WebSocket Connection_."
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "RSV bits 0x" + Integer.toHexString(rsv) + " set");
        }
        Opcode opcode = Opcode.of(b0 & Rfc6455.OPCODE_BITS);
        if (opcode.isControl() && (b0 & Rfc6455.FIN) == 0) {
            // RFC 6455 §5.5: "All control frames MUST have a payload length of 125 bytes or less and MUST NOT be
            // fragmented."
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "fragmented " + opcode + " frame");
        }
        return opcode;
    }

    /** Checks byte 1 (MASK and the 7-bit length) of a frame with {@code opcode}. */
    void checkSecondByte(Opcode opcode, int b1) {
        boolean masked = (b1 & Rfc6455.MASK) != 0;
        if (role.expectsMaskedFrames() && !masked) {
            // RFC 6455 §5.1: "The server MUST close the connection upon receiving a frame that is not masked."
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "client frame not masked");
        }
        if (!role.expectsMaskedFrames() && masked) {
            // RFC 6455 §5.1: "A client MUST close a connection if it detects a masked frame."
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "server frame masked");
        }
        int length7 = b1 & Rfc6455.LENGTH_BITS;
        if (opcode.isControl() && length7 > Rfc6455.MAX_CONTROL_PAYLOAD) {
            // RFC 6455 §5.5: "All control frames MUST have a payload length of 125 bytes or less"
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, opcode + " payload over 125 bytes");
        }
    }

    /** Checks the first byte of a 64-bit extended length, the moment its top bit is known. */
    void checkFirstLengthByte(int b) {
        if ((b & 0x80) != 0) {
            // RFC 6455 §5.2: "the most significant bit MUST be 0"
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "64-bit length with the top bit set");
        }
    }

    /** Checks a complete extended length that took {@code lengthBytes} (2 or 8) bytes on the wire. */
    void checkExtendedLength(long length, int lengthBytes) {
        long minimum = lengthBytes == 2 ? Rfc6455.LENGTH_16 : 0x1_0000;
        if (length < minimum) {
            // RFC 6455 §5.2: "in all cases, the minimal number of bytes MUST be used to encode the length"
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "length " + length + " not minimally encoded");
        }
    }

    /** Checks the payload length against the limit, before anything is allocated for it. */
    void checkLength(long length) {
        if (length > maxFramePayload) {
            // RFC 6455 §10.4: "Implementations that have implementation- and/or platform-specific limitations regarding
            // the frame size or total message size after reassembly from multiple frames MUST protect themselves
            // against exceeding those limits."
            throw new ProtocolViolation(CloseCode.MESSAGE_TOO_BIG,
                    "frame of " + length + " bytes over the limit of " + maxFramePayload);
        }
    }

    /** Checks the payload of a whole control frame: a close body must be a valid status. */
    void checkControlPayload(Opcode opcode, Bytes payload) {
        if (opcode == Opcode.CLOSE) {
            CloseStatus.parse(payload);
        }
    }

    /**
     * Checks a frame this end is about to send: a mistake here is a bug in the caller, not the peer's fault.
     *
     * @throws IllegalArgumentException for a fragmented or oversize control frame, or a close body that is not valid
     */
    public static void checkOutgoing(Frame frame) {
        if (frame.isControl()) {
            if (!frame.fin()) {
                throw new IllegalArgumentException("control frames must not be fragmented: " + frame);
            }
            if (frame.payload().size() > Rfc6455.MAX_CONTROL_PAYLOAD) {
                throw new IllegalArgumentException("control frame payload over 125 bytes: " + frame);
            }
            if (frame.opcode() == Opcode.CLOSE) {
                try {
                    CloseStatus.parse(frame.payload());
                } catch (ProtocolViolation e) {
                    throw new IllegalArgumentException("invalid close body: " + e.reason(), e);
                }
            }
        }
    }
}

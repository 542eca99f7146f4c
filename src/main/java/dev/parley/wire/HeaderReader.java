package dev.parley.wire;

import java.nio.ByteBuffer;

import dev.parley.wire.FrameDecoder.State;

/**
 * The header half of {@link FrameDecoder}: reads the 2 to 14 header bytes of one frame in any chunking and asks
 * {@link FrameRules} at each byte, so that a bad frame is known at the first byte that shows it.
 *
 * <p>Strict, a broken rule is thrown there and then. Lenient ({@link FrameDecoder#scan}), the first broken rule is
 * kept as {@link #violation()} (the one a strict decoder would have thrown), the frame's other rules are not asked,
 * and reading goes on to the end of the header, so that the frame can still be shown and stepped over.
 */
final class HeaderReader {
    private final FrameRules rules;
    private boolean lenient;
    private State state = State.FIRST_BYTE;

    private int firstByte;
    private Opcode opcode; // null only when lenient and the opcode is reserved
    private boolean masked;
    private int lengthBytes;
    private int lengthBytesLeft;
    private long length;
    private int key;
    private int keyBytesLeft;
    private ProtocolViolation violation;

    HeaderReader(FrameRules rules) {
        this.rules = rules;
    }

    /** From now on, keep the first broken rule of each frame instead of throwing it. */
    void lenient() {
        lenient = true;
    }

    /** FIRST_BYTE to MASKING_KEY while reading, PAYLOAD once the header is complete. */
    State state() {
        return state;
    }

    /** The payload of the current frame has been read: the next byte starts a header. */
    void nextFrame() {
        state = State.FIRST_BYTE;
    }

    /**
     * Advances through the header.
     *
     * @return true once it is complete (state PAYLOAD); false when {@code in} ran out first
     * @throws ProtocolViolation when strict and a rule is broken
     */
    boolean read(ByteBuffer in) {
        while (state != State.PAYLOAD) {
            if (!in.hasRemaining()) {
                return false;
            }
            int b = in.get() & 0xFF;
            switch (state) {
                case FIRST_BYTE -> {
                    firstByte = b;
                    violation = null;
                    try {
                        opcode = rules.checkFirstByte(b);
                    } catch (ProtocolViolation e) {
                        broken(e);
                        opcode = Opcode.orNull(b & Rfc6455.OPCODE_BITS);
                    }
                    state = State.SECOND_BYTE;
                }
                case SECOND_BYTE -> {
                    if (violation == null) {
                        try {
                            rules.checkSecondByte(opcode, b);
                        } catch (ProtocolViolation e) {
                            broken(e);
                        }
                    }
                    masked = (b & Rfc6455.MASK) != 0;
                    int length7 = b & Rfc6455.LENGTH_BITS;
                    length = 0;
                    lengthBytes = length7 == Rfc6455.LENGTH_16 ? 2 : length7 == Rfc6455.LENGTH_64 ? 8 : 0;
                    lengthBytesLeft = lengthBytes;
                    if (lengthBytes == 0) {
                        length = length7;
                        lengthDone();
                    } else {
                        state = State.EXTENDED_LENGTH;
                    }
                }
                case EXTENDED_LENGTH -> {
                    if (lengthBytesLeft == 8 && violation == null) {
                        try {
                            rules.checkFirstLengthByte(b);
                        } catch (ProtocolViolation e) {
                            broken(e);
                        }
                    }
                    length = length << 8 | b;
                    if (--lengthBytesLeft == 0) {
                        if (violation == null) {
                            try {
                                rules.checkExtendedLength(length, lengthBytes);
                            } catch (ProtocolViolation e) {
                                broken(e);
                            }
                        }
                        lengthDone();
                    }
                }
                case MASKING_KEY -> {
                    key = key << 8 | b;
                    if (--keyBytesLeft == 0) {
                        state = State.PAYLOAD;
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return true;
    }

    private void lengthDone() {
        if (violation == null) {
            try {
                rules.checkLength(length);
            } catch (ProtocolViolation e) {
                broken(e);
            }
        }
        key = 0;
        if (masked) {
            keyBytesLeft = 4;
            state = State.MASKING_KEY;
        } else {
            state = State.PAYLOAD;
        }
    }

    private void broken(ProtocolViolation e) {
        if (!lenient) {
            throw e;
        }
        violation = e;
    }

    /** The opcode of the current frame; null only for a reserved one read leniently. */
    Opcode opcode() {
        return opcode;
    }

    boolean masked() {
        return masked;
    }

    int key() {
        return key;
    }

    /** The announced payload length; negative when a 64-bit length has its top bit set (read leniently). */
    long length() {
        return length;
    }

    /** The first rule the current frame broke, read leniently; null if none. */
    ProtocolViolation violation() {
        return violation;
    }

    /** The complete header, for a frame that passed the rules. */
    FrameHeader frameHeader() {
        return new FrameHeader((firstByte & Rfc6455.FIN) != 0, (firstByte & Rfc6455.RSV1) != 0,
                (firstByte & Rfc6455.RSV2) != 0, (firstByte & Rfc6455.RSV3) != 0, opcode, length);
    }

    /** The complete header as it was on the wire. */
    WireHeader wireHeader() {
        return new WireHeader((firstByte & Rfc6455.FIN) != 0, firstByte & Rfc6455.RSV_BITS,
                firstByte & Rfc6455.OPCODE_BITS, masked, key, length, lengthBytes);
    }
}

package dev.parley.wire;

import java.util.Optional;

/**
 * A frame header exactly as it was on the wire, whatever the rules say: what {@link FrameDecoder#scan} announces, so
 * that a tool can show a frame the rules refuse (a reserved opcode, an unmasked client frame, a length that is not
 * minimal) and say what was wrong with it separately.
 *
 * @param rsvBits     the RSV bits as they sit in byte 0 (RSV1 = 0x40, RSV2 = 0x20, RSV3 = 0x10)
 * @param opcode      the 4-bit opcode, reserved values included
 * @param maskKey     the masking key; 0 when the frame is not masked
 * @param length      the payload length as sent; negative when a 64-bit length has its top bit set
 * @param lengthBytes how many extended length bytes the sender used: 0, 2 or 8
 */
public record WireHeader(boolean fin, int rsvBits, int opcode, boolean masked, int maskKey, long length,
        int lengthBytes) {

    /** §5.5: the opcode's most significant bit is set (reserved control opcodes included). */
    public boolean isControl() {
        return (opcode & 0x8) != 0;
    }

    /** The opcode, or empty for a reserved one (0x3–0x7, 0xB–0xF). */
    public Optional<Opcode> knownOpcode() {
        return Optional.ofNullable(Opcode.orNull(opcode));
    }

    /** The header's length on the wire: 2, the extended length bytes, and 4 for a masking key. */
    public int headerLength() {
        return 2 + lengthBytes + (masked ? 4 : 0);
    }
}

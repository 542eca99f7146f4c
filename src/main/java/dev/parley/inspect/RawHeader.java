package dev.parley.inspect;

/**
 * A frame header exactly as it was on the wire, whatever the rules say: the inspector shows what was sent, and the
 * codec judges it separately.
 *
 * @param bytes       the header bytes: 2, plus 0, 2 or 8 of extended length, plus 4 of mask key if masked
 * @param lengthBytes how many extended length bytes the sender used (0, 2 or 8)
 * @param maskKey     the masking key, meaningful only if {@code masked}
 */
record RawHeader(byte[] bytes, boolean fin, int rsv, int opcode, boolean masked, int maskKey, long length,
        int lengthBytes) {

    static RawHeader parse(byte[] bytes) {
        int b0 = bytes[0] & 0xFF;
        int b1 = bytes[1] & 0xFF;
        int length7 = b1 & 0x7F;
        int lengthBytes = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        long length = lengthBytes == 0 ? length7 : 0;
        for (int i = 0; i < lengthBytes; i++) {
            length = length << 8 | (bytes[2 + i] & 0xFF);
        }
        boolean masked = (b1 & 0x80) != 0;
        int key = 0;
        if (masked) {
            for (int i = 0; i < 4; i++) {
                key = key << 8 | (bytes[2 + lengthBytes + i] & 0xFF);
            }
        }
        return new RawHeader(bytes.clone(), (b0 & 0x80) != 0, (b0 >> 4) & 7, b0 & 0x0F, masked, key, length,
                lengthBytes);
    }

    /** How long the header is, known from its first two bytes. */
    static int headerLength(int b1) {
        int length7 = b1 & 0x7F;
        return 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + ((b1 & 0x80) != 0 ? 4 : 0);
    }

    boolean isControl() {
        return (opcode & 0x8) != 0;
    }

    /** TEXT, BINARY... or {@code OP3} for a reserved opcode. */
    String opcodeName() {
        return switch (opcode) {
            case 0x0 -> "CONTINUATION";
            case 0x1 -> "TEXT";
            case 0x2 -> "BINARY";
            case 0x8 -> "CLOSE";
            case 0x9 -> "PING";
            case 0xA -> "PONG";
            default -> "OP" + Integer.toHexString(opcode).toUpperCase(java.util.Locale.ROOT);
        };
    }

    /** A 64-bit length with its top bit set cannot be followed: no one can tell where the frame ends. */
    boolean lengthIsUsable() {
        return length >= 0;
    }
}

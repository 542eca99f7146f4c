package dev.parley.wire;

import java.util.HexFormat;

import dev.parley.conformance.RawFrame;

/**
 * Hand-built frames for the codec's tests: {@link RawFrame}, the conformance suite's builder, which writes its bytes
 * itself and never through the {@link FrameEncoder} under test (so it also builds what the encoder refuses to: RSV
 * bits, reserved opcodes, fragmented pings, non-minimal lengths, lengths that lie), plus a few byte helpers.
 */
public final class RawFrames {
    /** The RFC 6455 §5.7 example key; any non-zero key would do. */
    public static final int KEY = RawFrame.KEY;

    private RawFrames() {
    }

    /** A frame starting with this byte 0 (FIN, RSV, opcode as given), masked with {@link #KEY} unless told otherwise. */
    public static RawFrame frame(int firstByte) {
        return RawFrame.of(firstByte);
    }

    /** byte 0 from its parts. */
    public static RawFrame frame(boolean fin, int rsv, int opcode) {
        return RawFrame.of(fin, rsv, opcode);
    }

    /** Several frames (or any byte arrays) one after the other. */
    public static byte[] concat(byte[]... parts) {
        return RawFrame.concat(parts);
    }

    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /** {@code n} bytes counting up from 0, wrapping at 256. */
    public static byte[] counting(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }
}

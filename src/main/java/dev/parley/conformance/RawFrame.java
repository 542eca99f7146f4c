package dev.parley.conformance;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Builds frame bytes by hand, without {@link dev.parley.wire.FrameEncoder}: the conformance cases must be able to put
 * on the wire exactly what the encoder refuses to write (RSV bits, reserved opcodes, fragmented pings, unmasked client
 * frames, non-minimal lengths, lengths that lie), and must not depend on the code whose output they judge.
 *
 * <p>{@code RawFrame.of(0x81).payloadText("hi").build()}: byte 0 as given, masked with {@link #KEY} unless told
 * otherwise, shortest length encoding unless told otherwise.
 */
public final class RawFrame {
    /** The RFC 6455 §5.7 example key; any non-zero key would do. */
    public static final int KEY = 0x37fa213d;

    private final int firstByte;
    private Integer key = KEY;
    private byte[] payload = new byte[0];
    private int lengthBytes = -1; // -1: minimal; 0, 2 or 8: forced
    private Long declaredLength;  // a length to announce instead of the payload's

    private RawFrame(int firstByte) {
        this.firstByte = firstByte;
    }

    /** A frame whose byte 0 (FIN, RSV bits, opcode) is {@code firstByte}. */
    public static RawFrame of(int firstByte) {
        return new RawFrame(firstByte);
    }

    /** A frame with byte 0 built from its parts; {@code rsv} is the three RSV bits as a number 0–7. */
    public static RawFrame of(boolean fin, int rsv, int opcode) {
        return new RawFrame((fin ? 0x80 : 0) | rsv << 4 | opcode);
    }

    /** No MASK bit and no key: how a server frame looks, and what a client must never send. */
    public RawFrame unmasked() {
        key = null;
        return this;
    }

    /** Masks with {@code maskKey} instead of {@link #KEY} (0 is a valid key: the payload goes as it is). */
    public RawFrame mask(int maskKey) {
        key = maskKey;
        return this;
    }

    public RawFrame payload(byte[] bytes) {
        payload = bytes.clone();
        return this;
    }

    public RawFrame payloadHex(String hex) {
        return payload(HexFormat.of().parseHex(hex));
    }

    public RawFrame payloadText(String text) {
        return payload(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A close body: the code in two bytes, then {@code reason}. */
    public RawFrame closeBody(int code, byte[] reason) {
        byte[] body = new byte[2 + reason.length];
        body[0] = (byte) (code >>> 8);
        body[1] = (byte) code;
        System.arraycopy(reason, 0, body, 2, reason.length);
        return payload(body);
    }

    /** Encodes the length with 0 (7-bit only), 2 or 8 extra bytes, whether that is minimal or not. */
    public RawFrame lengthBytes(int count) {
        if (count != 0 && count != 2 && count != 8) {
            throw new IllegalArgumentException("0, 2 or 8 length bytes, not " + count);
        }
        lengthBytes = count;
        return this;
    }

    /** Announces {@code length} in the header whatever the payload (a header that claims more than will be sent). */
    public RawFrame declaredLength(long length) {
        declaredLength = length;
        return this;
    }

    public byte[] build() {
        long length = declaredLength != null ? declaredLength : payload.length;
        int extra = lengthBytes >= 0 ? lengthBytes : length <= 125 ? 0 : length <= 0xFFFF ? 2 : 8;
        byte[] out = new byte[2 + extra + (key != null ? 4 : 0) + payload.length];
        int i = 0;
        out[i++] = (byte) firstByte;
        int maskBit = key != null ? 0x80 : 0;
        out[i++] = (byte) (maskBit | (extra == 0 ? (int) length : extra == 2 ? 126 : 127));
        for (int shift = (extra - 1) * 8; shift >= 0; shift -= 8) {
            out[i++] = (byte) (length >>> shift);
        }
        byte[] keyBytes = new byte[4]; // all zero when unmasked, so the XOR below leaves the payload as it is
        if (key != null) {
            for (int k = 0; k < 4; k++) {
                keyBytes[k] = (byte) (key >>> (24 - 8 * k));
                out[i++] = keyBytes[k];
            }
        }
        for (int p = 0; p < payload.length; p++) {
            out[i++] = (byte) (payload[p] ^ keyBytes[p % 4]);
        }
        return out;
    }

    /** Several frames (or any byte arrays), one after the other, for sending in one write. */
    public static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}

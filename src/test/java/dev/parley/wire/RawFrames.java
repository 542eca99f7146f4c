package dev.parley.wire;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Builds frame bytes by hand, for tests, without the {@link FrameEncoder} under test: so it can also build what the
 * encoder refuses to (RSV bits, reserved opcodes, fragmented pings, non-minimal lengths, lengths that lie).
 */
public final class RawFrames {
    /** The RFC 6455 §5.7 example key; any non-zero key would do. */
    public static final int KEY = 0x37fa213d;

    private final int firstByte;
    private Integer key = KEY;
    private byte[] payload = new byte[0];
    private int lengthBytes = -1; // -1: minimal; 0, 2 or 8: forced
    private Long declaredLength;  // a length to announce instead of the payload's

    private RawFrames(int firstByte) {
        this.firstByte = firstByte;
    }

    /** A frame starting with this byte 0 (FIN, RSV, opcode as given), masked with {@link #KEY} unless told otherwise. */
    public static RawFrames frame(int firstByte) {
        return new RawFrames(firstByte);
    }

    /** byte 0 from its parts. */
    public static RawFrames frame(boolean fin, int rsv, int opcode) {
        return new RawFrames((fin ? 0x80 : 0) | rsv << 4 | opcode);
    }

    public RawFrames unmasked() {
        key = null;
        return this;
    }

    public RawFrames mask(int maskKey) {
        key = maskKey;
        return this;
    }

    public RawFrames payload(byte[] bytes) {
        payload = bytes.clone();
        return this;
    }

    public RawFrames payloadHex(String hex) {
        return payload(HexFormat.of().parseHex(hex));
    }

    public RawFrames payloadText(String text) {
        return payload(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A close body: the 2-byte code then {@code reason} bytes. */
    public RawFrames closeBody(int code, byte[] reason) {
        byte[] body = new byte[2 + reason.length];
        body[0] = (byte) (code >>> 8);
        body[1] = (byte) code;
        System.arraycopy(reason, 0, body, 2, reason.length);
        return payload(body);
    }

    /** Encode the length in 0 (7-bit only), 2 or 8 extra bytes, minimal or not. */
    public RawFrames lengthBytes(int count) {
        lengthBytes = count;
        return this;
    }

    /** Announce this length whatever the payload (for headers that claim more than will ever be sent). */
    public RawFrames declaredLength(long length) {
        declaredLength = length;
        return this;
    }

    public byte[] build() {
        long length = declaredLength != null ? declaredLength : payload.length;
        int extra = lengthBytes >= 0 ? lengthBytes : length <= 125 ? 0 : length <= 0xFFFF ? 2 : 8;
        int size = 2 + extra + (key != null ? 4 : 0) + payload.length;
        byte[] out = new byte[size];
        int i = 0;
        out[i++] = (byte) firstByte;
        int maskBit = key != null ? 0x80 : 0;
        out[i++] = (byte) (maskBit | (extra == 0 ? (int) length : extra == 2 ? 126 : 127));
        for (int shift = (extra - 1) * 8; shift >= 0; shift -= 8) {
            out[i++] = (byte) (length >>> shift);
        }
        byte[] keyBytes = new byte[4];
        if (key != null) {
            for (int k = 0; k < 4; k++) {
                keyBytes[k] = (byte) (key >>> (24 - 8 * k));
                out[i++] = keyBytes[k];
            }
        }
        for (int p = 0; p < payload.length; p++) {
            out[i++] = (byte) (payload[p] ^ keyBytes[p % 4]); // keyBytes stay zero when unmasked
        }
        return out;
    }

    /** Several frames (or any byte arrays) one after the other. */
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

package dev.parley.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable run of bytes: a frame payload that records can compare. Equality is by content, {@link #toString()}
 * is hex (cut in the middle for long payloads).
 */
public final class Bytes {
    /** The empty payload. */
    public static final Bytes EMPTY = new Bytes(new byte[0]);
    private static final HexFormat HEX = HexFormat.of();
    private static final int TO_STRING_LIMIT = 32;

    private final byte[] bytes;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of these bytes. */
    public static Bytes of(byte... bytes) {
        return copyOf(bytes, 0, bytes.length);
    }

    /** A copy of {@code length} bytes of {@code bytes} from {@code offset}. */
    public static Bytes copyOf(byte[] bytes, int offset, int length) {
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /** A copy of the remaining bytes of {@code buffer}; its position is not moved. */
    public static Bytes copyOf(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy.length == 0 ? EMPTY : new Bytes(copy);
    }

    /** The UTF-8 encoding of {@code text}. */
    public static Bytes utf8(String text) {
        return adopt(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses hex digits (either case), e.g. {@code "48656c6c6f"}. */
    public static Bytes fromHex(String hex) {
        return adopt(HEX.parseHex(hex));
    }

    /** Takes ownership of an array nobody else holds (used by the decoder to avoid a copy). */
    static Bytes adopt(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes);
    }

    /** The array itself, for package code that promises not to write to it. */
    byte[] array() {
        return bytes;
    }

    public int size() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    public byte get(int index) {
        return bytes[index];
    }

    /** A fresh copy of the bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** A read-only view; no copy. */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** Copies the bytes into {@code target} at {@code offset}. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    /** Decodes the bytes as UTF-8; malformed input becomes U+FFFD (validate with {@link Utf8Validator} first). */
    public String utf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** All bytes as lower-case hex. */
    public String hex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Hex; payloads over 32 bytes show their first and last 16 bytes and their size. */
    @Override
    public String toString() {
        if (bytes.length <= TO_STRING_LIMIT) {
            return HEX.formatHex(bytes);
        }
        int half = TO_STRING_LIMIT / 2;
        return HEX.formatHex(bytes, 0, half) + "…" + HEX.formatHex(bytes, bytes.length - half, bytes.length)
                + " [" + bytes.length + " bytes]";
    }
}

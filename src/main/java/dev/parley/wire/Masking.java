package dev.parley.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The XOR of RFC 6455 §5.3, eight bytes at a time. Masking and unmasking are the same operation: "Octet i of the
 * transformed data ("transformed-octet-i") is the XOR of octet i of the original data ("original-octet-i") with octet
 * at index i modulo 4 of the masking key ("masking-key-octet-j")".
 *
 * <p>The key is an {@code int} whose most significant byte is the first key byte on the wire. Every method takes the
 * index (0–3) of the key byte that applies to its first byte and returns the index for the byte after its last, so a
 * payload can be (un)masked in chunks that split it anywhere.
 */
public final class Masking {
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final VarHandle ARRAY_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, NATIVE);
    private static final VarHandle BUFFER_LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, NATIVE);

    private Masking() {
    }

    /** XORs {@code length} bytes of {@code bytes} from {@code offset} in place. */
    public static int xor(byte[] bytes, int offset, int length, int key, int keyIndex) {
        return xor(bytes, offset, bytes, offset, length, key, keyIndex);
    }

    /** Writes {@code source[sourceOffset..+length] ^ key} to {@code target[targetOffset..]}; the arrays may be the same. */
    public static int xor(byte[] source, int sourceOffset, byte[] target, int targetOffset, int length,
            int key, int keyIndex) {
        java.util.Objects.checkFromIndexSize(sourceOffset, length, source.length);
        java.util.Objects.checkFromIndexSize(targetOffset, length, target.length);
        int rotated = Integer.rotateLeft(key, 8 * (keyIndex & 3)); // its top byte now applies to the first byte
        long pattern = pattern(rotated);
        int i = 0;
        for (int words = length & ~7; i < words; i += 8) {
            ARRAY_LONGS.set(target, targetOffset + i, (long) ARRAY_LONGS.get(source, sourceOffset + i) ^ pattern);
        }
        for (; i < length; i++) {
            target[targetOffset + i] = (byte) (source[sourceOffset + i] ^ rotated >>> 24);
            rotated = Integer.rotateLeft(rotated, 8);
        }
        return (keyIndex + length) & 3;
    }

    /** XORs {@code length} bytes of {@code buffer} from the absolute {@code index} in place; position and limit stay. */
    public static int xor(ByteBuffer buffer, int index, int length, int key, int keyIndex) {
        if (buffer.hasArray()) {
            byte[] array = buffer.array();
            return xor(array, buffer.arrayOffset() + index, length, key, keyIndex);
        }
        java.util.Objects.checkFromIndexSize(index, length, buffer.limit());
        int rotated = Integer.rotateLeft(key, 8 * (keyIndex & 3));
        long pattern = pattern(rotated);
        int i = 0;
        for (int words = length & ~7; i < words; i += 8) {
            BUFFER_LONGS.set(buffer, index + i, (long) BUFFER_LONGS.get(buffer, index + i) ^ pattern);
        }
        for (; i < length; i++) {
            buffer.put(index + i, (byte) (buffer.get(index + i) ^ rotated >>> 24));
            rotated = Integer.rotateLeft(rotated, 8);
        }
        return (keyIndex + length) & 3;
    }

    /**
     * Moves {@code length} bytes from {@code source} (advancing its position) to {@code target[targetOffset..]},
     * XORed with the key: the decoder's one pass from the read buffer into a payload. The source is not modified.
     */
    static int copyXor(ByteBuffer source, byte[] target, int targetOffset, int length, int key, int keyIndex) {
        // Copy, then XOR in place: C2 vectorises the in-place loop, not the loop between two arrays that might alias.
        source.get(target, targetOffset, length);
        return xor(target, targetOffset, length, key, keyIndex);
    }

    /** Eight key bytes in memory order, starting with the top byte of {@code rotated}. */
    private static long pattern(int rotated) {
        long bigEndian = (long) rotated << 32 | rotated & 0xFFFF_FFFFL;
        return NATIVE == ByteOrder.BIG_ENDIAN ? bigEndian : Long.reverseBytes(bigEndian);
    }
}

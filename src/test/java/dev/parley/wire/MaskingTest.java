package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The eight-bytes-at-a-time {@link Masking} against a byte-at-a-time reference written from RFC 6455 §5.3. */
class MaskingTest {
    private static final int KEY = 0x37fa213d;

    /** RFC 6455 §5.3: "j = i MOD 4; transformed-octet-i = original-octet-i XOR masking-key-octet-j" */
    private static byte[] reference(byte[] data, int offset, int length, int key, int keyIndex) {
        byte[] out = data.clone();
        for (int i = 0; i < length; i++) {
            int j = (keyIndex + i) % 4;
            out[offset + i] ^= (byte) (key >>> (24 - 8 * j));
        }
        return out;
    }

    private static byte[] data(int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        return data;
    }

    @Test
    void matchesTheByteAtATimeReferenceForEveryKeyOffsetAndLength() {
        for (int keyIndex = 0; keyIndex < 4; keyIndex++) {
            for (int length = 0; length <= 70; length++) {
                for (int arrayOffset = 0; arrayOffset < 8; arrayOffset++) { // also every alignment of the words
                    byte[] data = data(arrayOffset + length + 3);
                    byte[] expected = reference(data, arrayOffset, length, KEY, keyIndex);
                    byte[] inPlace = data.clone();
                    int next = Masking.xor(inPlace, arrayOffset, length, KEY, keyIndex);
                    String what = "key index " + keyIndex + ", length " + length + ", offset " + arrayOffset;
                    assertArrayEquals(expected, inPlace, what);
                    assertEquals((keyIndex + length) % 4, next, what);

                    byte[] copied = data.clone();
                    Masking.xor(data, arrayOffset, copied, arrayOffset, length, KEY, keyIndex);
                    assertArrayEquals(expected, copied, what + " (copy)");

                    ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).flip();
                    Masking.xor(direct, arrayOffset, length, KEY, keyIndex);
                    byte[] fromDirect = new byte[data.length];
                    direct.get(fromDirect);
                    assertArrayEquals(expected, fromDirect, what + " (direct buffer)");
                }
            }
        }
    }

    @Test
    void maskingContinuesAcrossChunkBoundaries() {
        byte[] data = data(200);
        byte[] expected = reference(data, 0, data.length, KEY, 0);
        for (int split = 0; split <= data.length; split++) {
            byte[] chunked = data.clone();
            int keyIndex = Masking.xor(chunked, 0, split, KEY, 0);
            Masking.xor(chunked, split, data.length - split, KEY, keyIndex);
            assertArrayEquals(expected, chunked, "split at " + split);
        }
    }

    @Test
    void theBufferByteOrderDoesNotMatter() {
        byte[] data = data(50);
        byte[] expected = reference(data, 0, 50, KEY, 1);
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            ByteBuffer direct = ByteBuffer.allocateDirect(50).order(order).put(data).flip();
            Masking.xor(direct, 0, 50, KEY, 1);
            byte[] out = new byte[50];
            direct.get(out);
            assertArrayEquals(expected, out, order.toString());
        }
    }

    @Test
    void maskingTwiceRestoresTheData() {
        byte[] data = data(1000);
        byte[] twice = data.clone();
        Masking.xor(twice, 0, 1000, 0xdeadbeef, 2);
        Masking.xor(twice, 0, 1000, 0xdeadbeef, 2);
        assertArrayEquals(data, twice);
    }
}

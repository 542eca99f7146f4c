package dev.parley.bench;

/**
 * A {@link System#nanoTime()} written as 16 lowercase hex digits at the start of a broadcast payload, so every
 * delivery can be timed by its receiver without a lookup. Text-safe (ASCII), fixed width, no allocation.
 */
final class Timestamps {
    static final int LENGTH = 16;
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Timestamps() {
    }

    /** Writes {@code nanos} as 16 hex digits into {@code target[offset..offset+16)}. */
    static void write(long nanos, byte[] target, int offset) {
        for (int i = LENGTH - 1; i >= 0; i--) {
            target[offset + i] = DIGITS[(int) (nanos & 0xF)];
            nanos >>>= 4;
        }
    }

    /**
     * Reads 16 hex digits from {@code source[offset..]}.
     *
     * @return the value, or {@link Long#MIN_VALUE} if {@code length} is short or a byte is not a lowercase hex digit
     */
    static long read(byte[] source, int offset, int length) {
        if (length < LENGTH) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (int i = 0; i < LENGTH; i++) {
            int b = source[offset + i];
            int digit = b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : -1;
            if (digit < 0) {
                return Long.MIN_VALUE;
            }
            value = value << 4 | digit;
        }
        return value;
    }
}

package dev.parley.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A fail-fast UTF-8 checker: a finite automaton over byte classes (in the manner of Björn Höhrmann's decoder) that
 * rejects a stream at the first byte that no valid UTF-8 sequence can contain, even when the stream arrives in pieces
 * that split characters. Overlong forms, UTF-16 surrogates (U+D800–U+DFFF) and code points above U+10FFFF are
 * rejected; noncharacters such as U+FFFE are valid UTF-8 and pass.
 *
 * <p>RFC 6455 §8.1: "When an endpoint is to interpret a byte stream as UTF-8 but finds that the byte stream is not,
 * in fact, a valid UTF-8 stream, that endpoint MUST _Fail the WebSocket Connection_." Violations are 1007.
 */
public final class Utf8Validator {
    // Byte classes. The lead byte decides how many continuation bytes follow and, for E0, ED, F0 and F4, narrows the
    // range of the first one (RFC 3629 §4, the "UTF8-3" and "UTF8-4" rules).
    private static final int ASCII = 0;      // 00..7F
    private static final int CONT_80 = 1;    // 80..8F
    private static final int CONT_90 = 2;    // 90..9F
    private static final int CONT_A0 = 3;    // A0..BF
    private static final int NEVER = 4;      // C0, C1, F5..FF
    private static final int LEAD_2 = 5;     // C2..DF
    private static final int LEAD_E0 = 6;    // E0: next A0..BF (no overlongs)
    private static final int LEAD_3 = 7;     // E1..EC, EE..EF
    private static final int LEAD_ED = 8;    // ED: next 80..9F (no surrogates)
    private static final int LEAD_F0 = 9;    // F0: next 90..BF (no overlongs)
    private static final int LEAD_4 = 10;    // F1..F3
    private static final int LEAD_F4 = 11;   // F4: next 80..8F (nothing above U+10FFFF)
    private static final int CLASSES = 12;

    // States, premultiplied by CLASSES so a transition is one table read.
    private static final int ACCEPT = 0;
    private static final int REJECT = CLASSES;
    private static final int NEED_1 = 2 * CLASSES;
    private static final int NEED_2 = 3 * CLASSES;
    private static final int NEED_3 = 4 * CLASSES;
    private static final int AFTER_E0 = 5 * CLASSES;
    private static final int AFTER_ED = 6 * CLASSES;
    private static final int AFTER_F0 = 7 * CLASSES;
    private static final int AFTER_F4 = 8 * CLASSES;

    private static final byte[] CLASS_OF = new byte[256];
    private static final byte[] NEXT = new byte[9 * CLASSES];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    static {
        classes(0x00, 0x7F, ASCII);
        classes(0x80, 0x8F, CONT_80);
        classes(0x90, 0x9F, CONT_90);
        classes(0xA0, 0xBF, CONT_A0);
        classes(0xC0, 0xC1, NEVER);
        classes(0xC2, 0xDF, LEAD_2);
        classes(0xE0, 0xE0, LEAD_E0);
        classes(0xE1, 0xEF, LEAD_3);
        classes(0xED, 0xED, LEAD_ED);
        classes(0xF0, 0xF0, LEAD_F0);
        classes(0xF1, 0xF3, LEAD_4);
        classes(0xF4, 0xF4, LEAD_F4);
        classes(0xF5, 0xFF, NEVER);

        java.util.Arrays.fill(NEXT, (byte) REJECT); // anything not listed below is invalid
        go(ACCEPT, ASCII, ACCEPT);
        go(ACCEPT, LEAD_2, NEED_1);
        go(ACCEPT, LEAD_E0, AFTER_E0);
        go(ACCEPT, LEAD_3, NEED_2);
        go(ACCEPT, LEAD_ED, AFTER_ED);
        go(ACCEPT, LEAD_F0, AFTER_F0);
        go(ACCEPT, LEAD_4, NEED_3);
        go(ACCEPT, LEAD_F4, AFTER_F4);
        for (int continuation : new int[] {CONT_80, CONT_90, CONT_A0}) {
            go(NEED_1, continuation, ACCEPT);
            go(NEED_2, continuation, NEED_1);
            go(NEED_3, continuation, NEED_2);
        }
        go(AFTER_E0, CONT_A0, NEED_1);
        go(AFTER_ED, CONT_80, NEED_1);
        go(AFTER_ED, CONT_90, NEED_1);
        go(AFTER_F0, CONT_90, NEED_2);
        go(AFTER_F0, CONT_A0, NEED_2);
        go(AFTER_F4, CONT_80, NEED_2);
    }

    private static void classes(int from, int to, int byteClass) {
        for (int b = from; b <= to; b++) {
            CLASS_OF[b] = (byte) byteClass;
        }
    }

    private static void go(int state, int byteClass, int next) {
        NEXT[state + byteClass] = (byte) next;
    }

    private int state = ACCEPT;
    private long position;

    /** Whether {@code length} bytes from {@code offset} are complete, valid UTF-8. */
    public static boolean isValid(byte[] bytes, int offset, int length) {
        int state = ACCEPT;
        for (int i = offset, end = offset + length; i < end && state != REJECT; i++) {
            state = NEXT[state + CLASS_OF[bytes[i] & 0xFF]];
        }
        return state == ACCEPT;
    }

    /** Whether {@code bytes} are complete, valid UTF-8. */
    public static boolean isValid(Bytes bytes) {
        return isValid(bytes.array(), 0, bytes.size());
    }

    /**
     * Checks the next {@code length} bytes of the stream.
     *
     * @throws ProtocolViolation 1007 at the first byte that cannot continue valid UTF-8
     */
    public void update(byte[] bytes, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        int s = state;
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (s == ACCEPT) { // between characters: skip ASCII eight bytes at a time
                while (i <= end - 8 && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                    i += 8;
                }
                if (i == end) {
                    break;
                }
            }
            s = NEXT[s + CLASS_OF[bytes[i] & 0xFF]];
            if (s == REJECT) {
                state = REJECT;
                long at = position + (i - offset);
                position += length;
                throw new ProtocolViolation(CloseCode.INVALID_PAYLOAD_DATA, "invalid UTF-8 at byte " + at);
            }
            i++;
        }
        state = s;
        position += length;
    }

    /** Checks the remaining bytes of {@code buffer} without moving its position. */
    public void update(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            update(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        } else {
            byte[] copy = new byte[Math.min(buffer.remaining(), 4096)];
            ByteBuffer view = buffer.duplicate();
            while (view.hasRemaining()) {
                int n = Math.min(copy.length, view.remaining());
                view.get(copy, 0, n);
                update(copy, 0, n);
            }
        }
    }

    /**
     * Ends the stream, then resets for the next one.
     *
     * @throws ProtocolViolation 1007 if the stream stops inside a character
     */
    public void finish() {
        boolean complete = state == ACCEPT;
        long at = position;
        reset();
        if (!complete) {
            throw new ProtocolViolation(CloseCode.INVALID_PAYLOAD_DATA, "UTF-8 truncated at byte " + at);
        }
    }

    /** Forgets the stream so far. */
    public void reset() {
        state = ACCEPT;
        position = 0;
    }

    /** Whether the bytes so far end inside a character. */
    public boolean isInsideCharacter() {
        return state != ACCEPT;
    }
}

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

    // States. ACCEPT is "between characters"; REJECT absorbs everything after an invalid byte.
    private static final int ACCEPT_STATE = 0;
    private static final int REJECT_STATE = 1;
    private static final int NEED_1 = 2;
    private static final int NEED_2 = 3;
    private static final int NEED_3 = 4;
    private static final int AFTER_E0 = 5;
    private static final int AFTER_ED = 6;
    private static final int AFTER_F0 = 7;
    private static final int AFTER_F4 = 8;
    private static final int STATES = 9;

    /*
     * The automaton runs as one shift per byte: state k is represented by the bit offset 6k, and ROWS[b] holds, at bits
     * 6k..6k+5, the offset of the state that byte b leads to from state k (9 states x 6 bits fit a long). The step
     * "(ROWS[b] >>> s) & 63" keeps the loop-carried dependency to a shift and a mask, instead of a table load.
     */
    private static final int BITS = 6;
    private static final int ACCEPT = ACCEPT_STATE * BITS;
    private static final int REJECT = REJECT_STATE * BITS;
    private static final long[] ROWS = new long[256];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    private static final int BLOCK = 32;

    static {
        int[] classOf = new int[256];
        classes(classOf, 0x00, 0x7F, ASCII);
        classes(classOf, 0x80, 0x8F, CONT_80);
        classes(classOf, 0x90, 0x9F, CONT_90);
        classes(classOf, 0xA0, 0xBF, CONT_A0);
        classes(classOf, 0xC0, 0xC1, NEVER);
        classes(classOf, 0xC2, 0xDF, LEAD_2);
        classes(classOf, 0xE0, 0xE0, LEAD_E0);
        classes(classOf, 0xE1, 0xEF, LEAD_3);
        classes(classOf, 0xED, 0xED, LEAD_ED);
        classes(classOf, 0xF0, 0xF0, LEAD_F0);
        classes(classOf, 0xF1, 0xF3, LEAD_4);
        classes(classOf, 0xF4, 0xF4, LEAD_F4);
        classes(classOf, 0xF5, 0xFF, NEVER);

        int[][] next = new int[STATES][CLASSES];
        for (int[] row : next) {
            java.util.Arrays.fill(row, REJECT_STATE); // anything not listed below is invalid
        }
        next[ACCEPT_STATE][ASCII] = ACCEPT_STATE;
        next[ACCEPT_STATE][LEAD_2] = NEED_1;
        next[ACCEPT_STATE][LEAD_E0] = AFTER_E0;
        next[ACCEPT_STATE][LEAD_3] = NEED_2;
        next[ACCEPT_STATE][LEAD_ED] = AFTER_ED;
        next[ACCEPT_STATE][LEAD_F0] = AFTER_F0;
        next[ACCEPT_STATE][LEAD_4] = NEED_3;
        next[ACCEPT_STATE][LEAD_F4] = AFTER_F4;
        for (int continuation : new int[] {CONT_80, CONT_90, CONT_A0}) {
            next[NEED_1][continuation] = ACCEPT_STATE;
            next[NEED_2][continuation] = NEED_1;
            next[NEED_3][continuation] = NEED_2;
        }
        next[AFTER_E0][CONT_A0] = NEED_1;
        next[AFTER_ED][CONT_80] = NEED_1;
        next[AFTER_ED][CONT_90] = NEED_1;
        next[AFTER_F0][CONT_90] = NEED_2;
        next[AFTER_F0][CONT_A0] = NEED_2;
        next[AFTER_F4][CONT_80] = NEED_2;

        for (int b = 0; b < 256; b++) {
            for (int state = 0; state < STATES; state++) {
                ROWS[b] |= (long) (next[state][classOf[b]] * BITS) << (state * BITS);
            }
        }
    }

    private static void classes(int[] classOf, int from, int to, int byteClass) {
        for (int b = from; b <= to; b++) {
            classOf[b] = byteClass;
        }
    }

    private static int step(int state, byte b) {
        return (int) (ROWS[b & 0xFF] >>> state) & 63;
    }

    private int state = ACCEPT;
    private long position;

    /** Whether {@code length} bytes from {@code offset} are complete, valid UTF-8. */
    public static boolean isValid(byte[] bytes, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        return run(ACCEPT, bytes, offset, offset + length) == ACCEPT;
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
        int end = offset + length;
        int s = run(state, bytes, offset, end);
        if (s == REJECT) {
            // Find the first invalid byte again, one byte at a time: this only runs on the way to failing.
            int at = offset;
            int t = state;
            while (at < end && (t = step(t, bytes[at])) != REJECT) {
                at++;
            }
            long index = position + (at - offset);
            state = REJECT;
            position += length;
            throw new ProtocolViolation(CloseCode.INVALID_PAYLOAD_DATA, "invalid UTF-8 at byte " + index);
        }
        state = s;
        position += length;
    }

    /** Runs the automaton over bytes[from..end) from state {@code s}; stops early once it rejects. */
    private static int run(int s, byte[] bytes, int from, int end) {
        int i = from;
        while (i < end && s != REJECT) {
            if (s == ACCEPT) { // between characters: skip ASCII eight bytes at a time
                while (i <= end - 8 && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                    i += 8;
                }
            }
            for (int blockEnd = Math.min(end, i + BLOCK); i < blockEnd; i++) {
                s = step(s, bytes[i]); // REJECT is absorbing: checking once per block is enough
            }
        }
        return s;
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

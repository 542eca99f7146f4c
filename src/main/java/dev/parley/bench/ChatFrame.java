package dev.parley.bench;

import java.nio.charset.StandardCharsets;

/**
 * The fields of one {@code /chat} server frame the chat workload needs, read in place from the bytes the
 * {@link ServerFrameScanner} kept: its {@code type}, {@code room}, {@code id}, {@code last}, {@code ack}, {@code code}
 * and {@code text} (as offsets into the bytes), and how many {@code members} it lists. Sans-I/O and allocation-free for
 * a {@code message}: one instance is reused for every frame.
 *
 * <p>It walks the top-level object of any field order, skipping nested values and strings with escapes, so it needs
 * no JSON library on the hot path. It trusts the server to send JSON: on bytes that are not, or that end early (a
 * frame longer than the kept prefix), it reports what it found up to there and {@link #whole} is false.
 */
final class ChatFrame {
    /** What the connections keep of each message at first, and at most (a join's answer lists every member). */
    static final int INITIAL_BYTES = 512;
    static final int MAX_BYTES = 1 << 20;

    enum Type { WELCOME, ACK, ERROR, MESSAGE, PRESENCE, OTHER }

    private static final byte[] TYPE = ascii("type");
    private static final byte[] ROOM = ascii("room");
    private static final byte[] ID = ascii("id");
    private static final byte[] LAST = ascii("last");
    private static final byte[] ACK = ascii("ack");
    private static final byte[] CODE = ascii("code");
    private static final byte[] TEXT = ascii("text");
    private static final byte[] MEMBERS = ascii("members");
    private static final byte[][] TYPES = {ascii("welcome"), ascii("ack"), ascii("error"), ascii("message"),
            ascii("presence")};

    private byte[] b;
    private int end;
    private int pos;
    Type type;
    long id;
    long last;
    int members;
    int roomAt;
    int roomLength;
    int ackAt;
    int ackLength;
    int codeAt;
    int codeLength;
    int textAt;
    int textLength;
    boolean whole;

    /** Reads the frame in {@code bytes[0..length)}; the fields not in it are -1 (offsets, numbers) and OTHER. */
    ChatFrame read(byte[] bytes, int length) {
        b = bytes;
        end = length;
        pos = 0;
        type = Type.OTHER;
        id = -1;
        last = -1;
        members = -1;
        roomAt = ackAt = codeAt = textAt = -1;
        roomLength = ackLength = codeLength = textLength = 0;
        whole = object();
        return this;
    }

    /** The bytes the offsets point into (valid until the next message). */
    byte[] bytes() {
        return b;
    }

    String code() {
        return codeAt < 0 ? null : new String(b, codeAt, codeLength, StandardCharsets.UTF_8);
    }

    String ack() {
        return ackAt < 0 ? null : new String(b, ackAt, ackLength, StandardCharsets.UTF_8);
    }

    /** Whether the frame's {@code room} is {@code name} (ASCII bytes). */
    boolean roomIs(byte[] name) {
        return roomAt >= 0 && same(roomAt, roomLength, name);
    }

    /** Whether the frame's {@code ack} is {@code value} (ASCII bytes). */
    boolean ackIs(byte[] value) {
        return ackAt >= 0 && same(ackAt, ackLength, value);
    }

    // ---------------------------------------------------------------- the walk

    private boolean object() {
        space();
        if (!take('{')) {
            return false;
        }
        space();
        if (take('}')) {
            return true;
        }
        while (pos < end) {
            space();
            if (!at('"')) {
                return false;
            }
            int keyAt = pos + 1;
            if (!string()) {
                return false;
            }
            int keyLength = pos - 1 - keyAt;
            space();
            if (!take(':')) {
                return false;
            }
            space();
            if (!value(keyAt, keyLength)) {
                return false;
            }
            space();
            if (take('}')) {
                return true;
            }
            if (!take(',')) {
                return false;
            }
        }
        return false;
    }

    private boolean value(int keyAt, int keyLength) {
        if (pos >= end) {
            return false;
        }
        int c = b[pos];
        if (c == '"') {
            int at = pos + 1;
            if (!string()) {
                return false;
            }
            stringField(keyAt, keyLength, at, pos - 1 - at);
            return true;
        }
        if (c == '[' || c == '{') {
            boolean counting = same(keyAt, keyLength, MEMBERS) && c == '[';
            int n = nested(counting);
            if (n < 0) {
                return false;
            }
            if (counting) {
                members = n;
            }
            return true;
        }
        int at = pos;
        while (pos < end && b[pos] != ',' && b[pos] != '}' && b[pos] != ' ') {
            pos++;
        }
        if (pos >= end) {
            return false;
        }
        if (same(keyAt, keyLength, ID)) {
            id = number(at, pos);
        } else if (same(keyAt, keyLength, LAST)) {
            last = number(at, pos);
        }
        return true;
    }

    private void stringField(int keyAt, int keyLength, int at, int length) {
        if (same(keyAt, keyLength, TYPE)) {
            for (int i = 0; i < TYPES.length; i++) {
                if (same(at, length, TYPES[i])) {
                    type = Type.values()[i];
                }
            }
        } else if (same(keyAt, keyLength, ROOM)) {
            roomAt = at;
            roomLength = length;
        } else if (same(keyAt, keyLength, ACK)) {
            ackAt = at;
            ackLength = length;
        } else if (same(keyAt, keyLength, CODE)) {
            codeAt = at;
            codeLength = length;
        } else if (same(keyAt, keyLength, TEXT)) {
            textAt = at;
            textLength = length;
        }
    }

    /** Past the string that starts at {@code pos} (its closing quote included). */
    private boolean string() {
        pos++;
        while (pos < end) {
            int c = b[pos++];
            if (c == '\\') {
                pos++;
            } else if (c == '"') {
                return true;
            }
        }
        return false;
    }

    /** Past the array or object at {@code pos}; the number of its top-level elements if {@code counting}, else 0. */
    private int nested(boolean counting) {
        int depth = 0;
        int elements = 0;
        boolean empty = true;
        while (pos < end) {
            int c = b[pos];
            if (c == '"') {
                if (!string()) {
                    return -1;
                }
                empty = false;
                continue;
            }
            pos++;
            if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                if (--depth == 0) {
                    return counting && !empty ? elements + 1 : 0;
                }
            } else if (c == ',' && depth == 1) {
                elements++;
            } else if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
                empty = false;
            }
        }
        return -1;
    }

    private long number(int from, int to) {
        long v = 0;
        if (from == to) {
            return -1;
        }
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9 || v > (Long.MAX_VALUE - d) / 10) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private boolean same(int at, int length, byte[] word) {
        if (length != word.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (b[at + i] != word[i]) {
                return false;
            }
        }
        return true;
    }

    private void space() {
        while (pos < end && (b[pos] == ' ' || b[pos] == '\n' || b[pos] == '\t' || b[pos] == '\r')) {
            pos++;
        }
    }

    private boolean at(char c) {
        return pos < end && b[pos] == c;
    }

    private boolean take(char c) {
        if (at(c)) {
            pos++;
            return true;
        }
        return false;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

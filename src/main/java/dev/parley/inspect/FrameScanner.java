package dev.parley.inspect;

import dev.parley.wire.Masking;

/**
 * Finds the frames in one direction of a connection without judging them: any header is taken as it is, so the
 * scanner stays in step with the sender after a frame the codec refuses (an unmasked client frame, a non-minimal
 * length, a reserved opcode) and every later frame can still be shown. Only a 64-bit length with the top bit set
 * loses the thread ({@link #lost()}). Payload is handed on unmasked, in pieces, as it arrives.
 */
final class FrameScanner {
    /** What the scanner found. */
    interface Listener {
        void onHeader(RawHeader header);

        /** The next unmasked payload bytes of the current frame; the array is reused after the call. */
        void onPayload(byte[] bytes, int offset, int length);

        void onFrameEnd(RawHeader header);
    }

    private final Listener listener;
    private final byte[] header = new byte[14];
    private int headerFill;
    private int headerLength = 2;
    private RawHeader current;
    private long payloadLeft;
    private int keyIndex;
    private final byte[] unmasked = new byte[8192];
    private boolean lost;

    FrameScanner(Listener listener) {
        this.listener = listener;
    }

    /** Whether the stream can no longer be followed (a length with the top bit set). */
    boolean lost() {
        return lost;
    }

    /** A frame has started and not ended: its header, else null. */
    RawHeader current() {
        return current;
    }

    /** How many payload bytes of the current frame have not arrived. */
    long payloadLeft() {
        return payloadLeft;
    }

    /** Scans {@code bytes[offset..offset+length)}; the array is only read. */
    void accept(byte[] bytes, int offset, int length) {
        int at = offset;
        int end = offset + length;
        while (at < end && !lost) {
            if (current == null) {
                at = readHeader(bytes, at, end);
            } else {
                int n = (int) Math.min(end - at, Math.min(payloadLeft, unmasked.length));
                System.arraycopy(bytes, at, unmasked, 0, n);
                if (current.masked()) {
                    keyIndex = Masking.xor(unmasked, 0, n, current.maskKey(), keyIndex);
                }
                at += n;
                payloadLeft -= n;
                listener.onPayload(unmasked, 0, n);
                endFrameIfComplete();
            }
        }
    }

    private int readHeader(byte[] bytes, int at, int end) {
        while (at < end && headerFill < headerLength) {
            header[headerFill++] = bytes[at++];
            if (headerFill == 2) {
                headerLength = RawHeader.headerLength(header[1] & 0xFF);
            }
        }
        if (headerFill == headerLength) {
            byte[] complete = java.util.Arrays.copyOf(header, headerLength);
            current = RawHeader.parse(complete);
            headerFill = 0;
            headerLength = 2;
            keyIndex = 0;
            payloadLeft = current.length();
            listener.onHeader(current);
            if (!current.lengthIsUsable()) {
                lost = true;
                return end;
            }
            endFrameIfComplete();
        }
        return at;
    }

    private void endFrameIfComplete() {
        if (payloadLeft == 0) {
            RawHeader done = current;
            current = null;
            listener.onFrameEnd(done);
        }
    }
}

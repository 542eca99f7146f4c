package dev.parley.server;

import java.nio.ByteBuffer;
import java.util.Arrays;

import dev.parley.wire.Frame;
import dev.parley.wire.Opcode;
import dev.parley.wire.Rfc6455;

/**
 * What {@link InboundDeflate} hands Tyrus from one read: plain frames (unmasked, RSV clear, minimal lengths) in a
 * growable array. Frames the client sent uncompressed are copied as they come (header, then payload); inflated bytes
 * fill frames of at most {@link #OUT_FRAME} bytes, the first of a message with its opcode, the rest continuations,
 * each written once it is full, when something else must go out (a control frame, the end of the read), or at the
 * end of the message. Also keeps what Tyrus will hold: its largest frame and the fragments of the open message.
 */
final class PlainFrames {
    /** The most inflated payload bytes per frame handed to Tyrus (a 16-bit length). */
    static final int OUT_FRAME = 16 * 1024;
    private static final int RESERVED = 4; // an inflated frame's header: 2 bytes, or 4 with a 16-bit length

    private byte[] out;
    private int length;
    private int frameEnd;
    private int pending = -1; // where the header of the inflated frame being filled is reserved
    private Opcode type;
    private boolean emittedFirst;
    private long largestFrame;
    private long fragments;

    /** Starts the output of a read, with room for {@code capacity} bytes to begin with. */
    void begin(int capacity) {
        out = new byte[Math.max(256, capacity)];
        length = 0;
        frameEnd = 0;
    }

    /** The output of the read (valid until the next {@link #begin}). */
    byte[] array() {
        return out;
    }

    int length() {
        return length;
    }

    /** The output up to the end of the last whole frame. */
    int frameEnd() {
        return frameEnd;
    }

    void forget() {
        out = null;
    }

    long largestFrame() {
        return largestFrame;
    }

    long fragments() {
        return fragments;
    }

    /** A data message begins; its inflated frames, if any, take {@code messageType}. */
    void beginMessage(Opcode messageType) {
        type = messageType;
        emittedFirst = false;
    }

    /** A control frame, copied whole (after the inflated frame being filled, if any). */
    void control(Frame frame) {
        endPending();
        int n = frame.payload().size();
        header(true, frame.opcode(), n);
        ensure(n);
        frame.payload().copyTo(out, length);
        length += n;
        frameEnd = length;
    }

    /** The header of a frame the client sent uncompressed; its payload follows through {@link #payload}. */
    void plainHeader(boolean fin, Opcode opcode, long payloadLength) {
        int before = length;
        header(fin, opcode, payloadLength);
        largestFrame = Math.max(largestFrame, length - before + payloadLength);
    }

    void payload(ByteBuffer chunk) {
        int n = chunk.remaining();
        ensure(n);
        chunk.duplicate().get(out, length, n);
        length += n;
    }

    /** An uncompressed frame is whole. */
    void plainFrameEnd(boolean messageEnd, long payloadLength) {
        fragments = messageEnd ? 0 : fragments + payloadLength;
        frameEnd = length;
    }

    /** Inflated bytes of the message in progress. */
    void inflated(byte[] chunk, int offset, int n) {
        while (n > 0) {
            if (pending < 0) {
                ensure(RESERVED);
                pending = length;
                length += RESERVED;
            }
            int take = Math.min(n, OUT_FRAME - (length - pending - RESERVED));
            ensure(take);
            System.arraycopy(chunk, offset, out, length, take);
            length += take;
            offset += take;
            n -= take;
            if (length - pending - RESERVED == OUT_FRAME) {
                flush(false);
            }
        }
    }

    /** The compressed message ended: its last inflated frame (perhaps empty) goes with FIN set. */
    void endInflatedMessage() {
        flush(true);
        fragments = 0;
    }

    /** Writes the inflated frame being filled, if it has bytes (a frame without FIN and without bytes is dropped). */
    void endPending() {
        if (pending >= 0) {
            flush(false);
        }
    }

    private void flush(boolean fin) {
        if (pending < 0) {
            ensure(RESERVED);
            pending = length;
            length += RESERVED;
        }
        int n = length - pending - RESERVED;
        if (n == 0 && !fin) {
            length = pending;
            pending = -1;
            return;
        }
        Opcode opcode = emittedFirst ? Opcode.CONTINUATION : type;
        emittedFirst = true;
        out[pending] = (byte) ((fin ? Rfc6455.FIN : 0) | opcode.code());
        if (n < Rfc6455.LENGTH_16) { // RFC 6455 §5.2: the minimal length form; the payload moves up 2 bytes
            out[pending + 1] = (byte) n;
            System.arraycopy(out, pending + RESERVED, out, pending + 2, n);
            length -= 2;
        } else {
            out[pending + 1] = (byte) Rfc6455.LENGTH_16;
            out[pending + 2] = (byte) (n >>> 8);
            out[pending + 3] = (byte) n;
        }
        largestFrame = Math.max(largestFrame, length - pending);
        if (!fin) {
            fragments += n;
        }
        pending = -1;
        frameEnd = length;
    }

    private void header(boolean fin, Opcode opcode, long payloadLength) {
        ensure(Rfc6455.MAX_HEADER);
        out[length++] = (byte) ((fin ? Rfc6455.FIN : 0) | opcode.code());
        if (payloadLength < Rfc6455.LENGTH_16) {
            out[length++] = (byte) payloadLength;
        } else if (payloadLength <= 0xFFFF) {
            out[length++] = (byte) Rfc6455.LENGTH_16;
            out[length++] = (byte) (payloadLength >>> 8);
            out[length++] = (byte) payloadLength;
        } else {
            out[length++] = (byte) Rfc6455.LENGTH_64;
            for (int shift = 56; shift >= 0; shift -= 8) {
                out[length++] = (byte) (payloadLength >>> shift);
            }
        }
    }

    private void ensure(int more) {
        if (length + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, length + more));
        }
    }
}

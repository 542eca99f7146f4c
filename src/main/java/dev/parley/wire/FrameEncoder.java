package dev.parley.wire;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

/**
 * Writes frames (RFC 6455 §5.2) with the minimal length encoding, straight into the caller's buffer: the payload is
 * copied once, into place, and masked there. A client encoder masks every frame with a fresh key from its
 * {@link MaskKeys}; a server encoder never masks.
 *
 * <p>Outgoing frames are checked with {@link FrameRules#checkOutgoing(Frame)}; a bad one is a bug in the caller and
 * fails with {@link IllegalArgumentException}. Not thread-safe only as far as the {@link MaskKeys} are not.
 */
public final class FrameEncoder {
    private static final int MASK_CHUNK = 8192;
    private final Role role;
    private final MaskKeys keys;

    private FrameEncoder(Role role, MaskKeys keys) {
        this.role = role;
        this.keys = keys;
    }

    /**
     * A client's encoder. RFC 6455 §5.3: "The masking key is a 32-bit value chosen at random by the client. When
     * preparing a masked frame, the client MUST pick a fresh masking key from the set of allowed 32-bit values."
     */
    public static FrameEncoder client(MaskKeys keys) {
        return new FrameEncoder(Role.CLIENT, java.util.Objects.requireNonNull(keys, "keys"));
    }

    /** A server's encoder. RFC 6455 §5.1: "A server MUST NOT mask any frames that it sends to the client." */
    public static FrameEncoder server() {
        return new FrameEncoder(Role.SERVER, null);
    }

    public Role role() {
        return role;
    }

    private boolean masks() {
        return role == Role.CLIENT;
    }

    /** The number of bytes {@code frame} takes on the wire. */
    public int encodedLength(Frame frame) {
        return encodedLength(frame.payload().size());
    }

    /** The number of bytes a frame with this payload length takes on the wire. */
    public int encodedLength(int payloadLength) {
        return Rfc6455.headerLength(payloadLength, masks()) + payloadLength;
    }

    /** {@code frame} as a new array. */
    public byte[] encode(Frame frame) {
        byte[] out = new byte[encodedLength(frame)];
        encode(frame, out, 0);
        return out;
    }

    /**
     * Writes {@code frame} into {@code target} from {@code offset}.
     *
     * @return the number of bytes written
     * @throws IndexOutOfBoundsException if it does not fit; nothing is written then
     */
    public int encode(Frame frame, byte[] target, int offset) {
        int size = encodedLength(frame);
        java.util.Objects.checkFromIndexSize(offset, size, target.length);
        encode(frame, ByteBuffer.wrap(target, offset, size));
        return size;
    }

    /**
     * Writes {@code frame} at the position of {@code target} and advances it.
     *
     * @throws BufferOverflowException if it does not fit; nothing is written then
     */
    public void encode(Frame frame, ByteBuffer target) {
        FrameRules.checkOutgoing(frame);
        write(frame.fin(), frame.rsvBits(), frame.opcode(), ByteBuffer.wrap(frame.payload().array()), target); // only read
    }

    /**
     * Writes a frame without RSV bits whose payload is the remaining bytes of {@code payload} (its position is not
     * moved), so a caller's bytes need no {@link Bytes} wrapper. Control frames are checked as by
     * {@link #encode(Frame, ByteBuffer)}.
     *
     * @throws BufferOverflowException if it does not fit; nothing is written then
     */
    public void encode(Opcode opcode, boolean fin, ByteBuffer payload, ByteBuffer target) {
        if (opcode.isControl()) {
            FrameRules.checkOutgoing(Frame.of(opcode, fin, Bytes.copyOf(payload)));
        }
        write(fin, 0, opcode, payload.duplicate(), target);
    }

    /**
     * A server's header alone, for a gathering write of header and payload without copying the payload.
     *
     * @throws IllegalStateException on a client encoder, whose payloads must be masked
     */
    public void encodeHeader(Opcode opcode, boolean fin, long payloadLength, ByteBuffer target) {
        if (masks()) {
            throw new IllegalStateException("a client must mask the payload: use encode()");
        }
        if (opcode.isControl() && (!fin || payloadLength > Rfc6455.MAX_CONTROL_PAYLOAD)) {
            throw new IllegalArgumentException("invalid control frame header: " + opcode + " " + payloadLength);
        }
        if (target.remaining() < Rfc6455.headerLength(payloadLength, false)) {
            throw new BufferOverflowException();
        }
        writeHeader((fin ? Rfc6455.FIN : 0) | opcode.code(), payloadLength, false, target);
    }

    private void write(boolean fin, int rsvBits, Opcode opcode, ByteBuffer payload, ByteBuffer target) {
        int length = payload.remaining();
        if (target.remaining() < encodedLength(length)) {
            throw new BufferOverflowException();
        }
        writeHeader((fin ? Rfc6455.FIN : 0) | rsvBits | opcode.code(), length, masks(), target);
        if (masks()) {
            int key = keys.next();
            for (int shift = 24; shift >= 0; shift -= 8) {
                target.put((byte) (key >>> shift)); // byte by byte: the buffer's byte order must not matter
            }
            // Copy, then mask in place (see Masking.copyXor), a cache-sized piece at a time so the second pass hits L1.
            int keyIndex = 0;
            int end = payload.limit();
            while (payload.hasRemaining()) {
                int n = Math.min(payload.remaining(), MASK_CHUNK);
                int at = target.position();
                target.put(payload.limit(payload.position() + n));
                payload.limit(end);
                keyIndex = Masking.xor(target, at, n, key, keyIndex);
            }

        } else {
            target.put(payload);
        }
    }

    private static void writeHeader(int b0, long length, boolean masked, ByteBuffer target) {
        int mask = masked ? Rfc6455.MASK : 0;
        target.put((byte) b0);
        if (length <= Rfc6455.MAX_CONTROL_PAYLOAD) {
            target.put((byte) (mask | length));
        } else if (length <= 0xFFFF) {
            target.put((byte) (mask | Rfc6455.LENGTH_16));
            target.put((byte) (length >>> 8));
            target.put((byte) length);
        } else {
            target.put((byte) (mask | Rfc6455.LENGTH_64));
            for (int shift = 56; shift >= 0; shift -= 8) {
                target.put((byte) (length >>> shift));
            }
        }
    }
}

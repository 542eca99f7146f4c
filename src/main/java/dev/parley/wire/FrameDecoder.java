package dev.parley.wire;

import java.nio.ByteBuffer;

/**
 * Parses frames (RFC 6455 §5.2) from bytes that arrive in any chunking: a resumable state machine that takes whatever
 * is in the buffer, one byte or many frames, and picks up where it stopped on the next call. The input buffer is only
 * read, never written.
 *
 * <p>Two ways to use it, one per decoder:
 * <ul>
 *   <li>{@link #decode(ByteBuffer)} returns whole frames, each payload unmasked into its own array, allocated at the
 *       announced length as soon as the header is in (so keep the limit modest, or stream);</li>
 *   <li>{@link #stream(ByteBuffer, FrameListener)} hands data payloads over in chunks as they arrive.</li>
 * </ul>
 * Every header goes through {@link FrameRules} byte by byte, so a bad frame fails at the first byte that shows it,
 * and its length is checked against the limit before anything is allocated. After a {@link ProtocolViolation} the
 * decoder stays {@link State#FAILED} and throws the same violation again: the connection has to be closed.
 *
 * <p>Not thread-safe: one decoder per connection direction.
 */
public final class FrameDecoder {
    /** Where the decoder is within a frame. */
    public enum State { FIRST_BYTE, SECOND_BYTE, EXTENDED_LENGTH, MASKING_KEY, PAYLOAD, FAILED }

    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final int CHUNK = 8192;

    private final FrameRules rules;
    private State state = State.FIRST_BYTE;
    private ProtocolViolation failure;

    // The frame being read.
    private int firstByte;
    private Opcode opcode;
    private boolean masked;
    private int lengthBytes;
    private int lengthBytesLeft;
    private long length;
    private int key;
    private int keyBytesLeft;
    private long payloadRead;
    private FrameHeader header;
    private boolean headerAnnounced;
    private Boolean streaming; // fixed by the first call: decode() or stream()

    // Whole mode: the payload being filled. Stream mode: the control frame being filled, and the chunk buffer.
    private byte[] payload;
    private byte[] controlPayload;
    private byte[] chunk;
    private ByteBuffer chunkView;

    /** A decoder of the frames {@code rules.role()} receives. */
    public FrameDecoder(FrameRules rules) {
        this.rules = rules;
    }

    /** A server's decoder: client frames, which must be masked; no extensions. */
    public static FrameDecoder server(long maxFramePayload) {
        return new FrameDecoder(new FrameRules(Role.SERVER, maxFramePayload, 0));
    }

    /** A client's decoder: server frames, which must not be masked; no extensions. */
    public static FrameDecoder client(long maxFramePayload) {
        return new FrameDecoder(new FrameRules(Role.CLIENT, maxFramePayload, 0));
    }

    public State state() {
        return state;
    }

    /** Whether the decoder is between frames (nothing of a next frame read yet). */
    public boolean isAtFrameBoundary() {
        return state == State.FIRST_BYTE;
    }

    /**
     * Reads at most one frame from {@code in}.
     *
     * @return the frame, or null once {@code in} is used up without completing one (call again with more bytes)
     * @throws ProtocolViolation if the bytes break RFC 6455
     */
    public Frame decode(ByteBuffer in) {
        mode(false);
        try {
            if (!readHeader(in)) {
                return null;
            }
            if (payload == null) {
                if (length > MAX_ARRAY) {
                    throw new ProtocolViolation(CloseCode.MESSAGE_TOO_BIG, "frame of " + length + " bytes");
                }
                payload = new byte[(int) length]; // the length was checked against the limit in readHeader
            }
            int n = (int) Math.min(in.remaining(), length - payloadRead);
            read(in, payload, (int) payloadRead, n);
            if (payloadRead < length) {
                return null;
            }
            Frame frame = new Frame(header.fin(), header.rsv1(), header.rsv2(), header.rsv3(), opcode,
                    Bytes.adopt(payload));
            payload = null;
            endFrame();
            if (opcode.isControl()) {
                rules.checkControlPayload(opcode, frame.payload());
            }
            return frame;
        } catch (ProtocolViolation e) {
            throw fail(e);
        }
    }

    /**
     * Reads all of {@code in}, telling {@code listener} about frames and data payload chunks as they complete.
     *
     * @throws ProtocolViolation if the bytes break RFC 6455; whatever {@code listener} throws is passed on
     */
    public void stream(ByteBuffer in, FrameListener listener) {
        mode(true);
        try {
            while (readHeader(in)) {
                if (opcode.isControl()) {
                    if (!streamControl(in, listener)) {
                        return;
                    }
                } else if (!streamData(in, listener)) {
                    return;
                }
            }
        } catch (ProtocolViolation e) {
            throw fail(e);
        }
    }

    private boolean streamControl(ByteBuffer in, FrameListener listener) {
        if (controlPayload == null) {
            controlPayload = new byte[Rfc6455.MAX_CONTROL_PAYLOAD];
        }
        int n = (int) Math.min(in.remaining(), length - payloadRead);
        read(in, controlPayload, (int) payloadRead, n);
        if (payloadRead < length) {
            return false;
        }
        Frame frame = new Frame(header.fin(), header.rsv1(), header.rsv2(), header.rsv3(), opcode,
                Bytes.copyOf(controlPayload, 0, (int) length));
        endFrame();
        rules.checkControlPayload(frame.opcode(), frame.payload());
        listener.onControlFrame(frame);
        return true;
    }

    private boolean streamData(ByteBuffer in, FrameListener listener) {
        if (!headerAnnounced) {
            headerAnnounced = true;
            listener.onDataStart(header);
        }
        while (payloadRead < length && in.hasRemaining()) {
            int n = (int) Math.min(in.remaining(), length - payloadRead);
            if (masked) {
                if (chunk == null) {
                    chunk = new byte[CHUNK];
                    chunkView = ByteBuffer.wrap(chunk).asReadOnlyBuffer();
                }
                n = Math.min(n, CHUNK);
                read(in, chunk, 0, n);
                chunkView.limit(n).position(0);
                listener.onDataPayload(chunkView);
            } else {
                ByteBuffer view = in.slice(in.position(), n).asReadOnlyBuffer();
                in.position(in.position() + n);
                payloadRead += n;
                listener.onDataPayload(view);
            }
        }
        if (payloadRead < length) {
            return false;
        }
        FrameHeader done = header;
        endFrame();
        listener.onDataEnd(done);
        return true;
    }

    /** Moves {@code n} payload bytes from {@code in} to {@code target[offset..]}, unmasking them. */
    private void read(ByteBuffer in, byte[] target, int offset, int n) {
        if (masked) {
            Masking.copyXor(in, target, offset, n, key, (int) (payloadRead & 3));
        } else {
            in.get(target, offset, n);
        }
        payloadRead += n;
    }

    /** Advances through the header; true once it is complete and checked (state PAYLOAD). */
    private boolean readHeader(ByteBuffer in) {
        if (state == State.FAILED) {
            throw failure;
        }
        while (state != State.PAYLOAD) {
            if (!in.hasRemaining()) {
                return false;
            }
            int b = in.get() & 0xFF;
            switch (state) {
                case FIRST_BYTE -> {
                    opcode = rules.checkFirstByte(b);
                    firstByte = b;
                    state = State.SECOND_BYTE;
                }
                case SECOND_BYTE -> {
                    rules.checkSecondByte(opcode, b);
                    masked = (b & Rfc6455.MASK) != 0;
                    int length7 = b & Rfc6455.LENGTH_BITS;
                    length = 0;
                    lengthBytes = length7 == Rfc6455.LENGTH_16 ? 2 : length7 == Rfc6455.LENGTH_64 ? 8 : 0;
                    lengthBytesLeft = lengthBytes;
                    if (lengthBytes == 0) {
                        length = length7;
                        lengthDone();
                    } else {
                        state = State.EXTENDED_LENGTH;
                    }
                }
                case EXTENDED_LENGTH -> {
                    if (lengthBytesLeft == 8) {
                        rules.checkFirstLengthByte(b);
                    }
                    length = length << 8 | b;
                    if (--lengthBytesLeft == 0) {
                        rules.checkExtendedLength(length, lengthBytes);
                        lengthDone();
                    }
                }
                case MASKING_KEY -> {
                    key = key << 8 | b;
                    if (--keyBytesLeft == 0) {
                        state = State.PAYLOAD;
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return true;
    }

    private void lengthDone() {
        rules.checkLength(length);
        header = new FrameHeader((firstByte & Rfc6455.FIN) != 0, (firstByte & Rfc6455.RSV1) != 0,
                (firstByte & Rfc6455.RSV2) != 0, (firstByte & Rfc6455.RSV3) != 0, opcode, length);
        payloadRead = 0;
        headerAnnounced = false;
        if (masked) {
            key = 0;
            keyBytesLeft = 4;
            state = State.MASKING_KEY;
        } else {
            state = State.PAYLOAD;
        }
    }

    private void mode(boolean stream) {
        if (streaming == null) {
            streaming = stream;
        } else if (streaming != stream) {
            throw new IllegalStateException("this decoder is used with " + (streaming ? "stream()" : "decode()"));
        }
    }

    private void endFrame() {
        state = State.FIRST_BYTE;
        header = null;
    }

    private ProtocolViolation fail(ProtocolViolation violation) {
        state = State.FAILED;
        failure = violation;
        payload = null;
        return violation;
    }
}

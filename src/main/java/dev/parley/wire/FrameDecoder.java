package dev.parley.wire;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Parses frames (RFC 6455 §5.2) from bytes that arrive in any chunking: a resumable state machine that takes whatever
 * is in the buffer, one byte or many frames, and picks up where it stopped on the next call. The input buffer is only
 * read, never written.
 *
 * <p>Three ways to use it, one per decoder:
 * <ul>
 *   <li>{@link #decode(ByteBuffer)} returns whole frames, each payload unmasked into its own array, allocated at the
 *       announced length as soon as the header is in (so keep the limit modest, or stream);</li>
 *   <li>{@link #stream(ByteBuffer, FrameListener)} hands data payloads over in chunks as they arrive;</li>
 *   <li>{@link #scan(ByteBuffer, ScanListener)}, the permissive mode, hands over every frame as it was on the wire and
 *       reports each broken rule as an event instead of failing, for tools that show traffic or only follow it.</li>
 * </ul>
 * Every header goes through {@link FrameRules} byte by byte ({@link HeaderReader}), so a bad frame fails at the first
 * byte that shows it, and its length is checked against the limit before anything is allocated. After a
 * {@link ProtocolViolation} the decoder stays {@link State#FAILED} and throws the same violation again: the connection
 * has to be closed.
 *
 * <p>Not thread-safe: one decoder per connection direction.
 */
public final class FrameDecoder {
    /** Where the decoder is within a frame. */
    public enum State { FIRST_BYTE, SECOND_BYTE, EXTENDED_LENGTH, MASKING_KEY, PAYLOAD, FAILED }

    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final int CHUNK = 8192;

    private final FrameRules rules;
    private final HeaderReader reader;
    private ProtocolViolation failure;
    private Mode mode; // fixed by the first call: decode(), stream() or scan()

    // The frame being read.
    private Opcode opcode;
    private long length;
    private long payloadRead;
    private FrameHeader header;
    private WireHeader wireHeader;
    private boolean headerAnnounced;

    // Whole mode: the payload being filled. Stream and scan: the control frame being filled, and the chunk buffer.
    private byte[] payload;
    private byte[] controlPayload;
    private byte[] chunk;
    private ByteBuffer chunkView;

    private enum Mode { DECODE, STREAM, SCAN }

    /** A decoder of the frames {@code rules.role()} receives. */
    public FrameDecoder(FrameRules rules) {
        this.rules = rules;
        this.reader = new HeaderReader(rules);
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
        return failure != null ? State.FAILED : reader.state();
    }

    /** Whether the decoder is between frames (nothing of a next frame read yet). */
    public boolean isAtFrameBoundary() {
        return state() == State.FIRST_BYTE;
    }

    /**
     * Reads at most one frame from {@code in}.
     *
     * @return the frame, or null once {@code in} is used up without completing one (call again with more bytes)
     * @throws ProtocolViolation if the bytes break RFC 6455
     */
    public Frame decode(ByteBuffer in) {
        mode(Mode.DECODE);
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
        mode(Mode.STREAM);
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
            listener.onDataPayload(nextChunk(in, n));
        }
        if (payloadRead < length) {
            return false;
        }
        FrameHeader done = header;
        endFrame();
        listener.onDataEnd(done);
        return true;
    }

    /**
     * The permissive mode: reads all of {@code in}, telling {@code listener} about every frame as it was on the wire,
     * its payload in unmasked chunks (control frames too), and each rule it breaks as an event, then goes on with the
     * next frame. Per frame: the first {@link FrameRules} rule its header breaks (the one a strict decoder fails on),
     * and a close body as {@link CloseStatus#parse} judges it; fragment order and UTF-8 are {@link MessageRules}'s.
     *
     * @throws ProtocolViolation only when the frame's end cannot be known (a 64-bit length with its top bit set): its
     *     first violation, after {@link ScanListener#onHeader}; the decoder is then {@link State#FAILED}. Whatever
     *     {@code listener} throws is passed on.
     */
    public void scan(ByteBuffer in, ScanListener listener) {
        mode(Mode.SCAN);
        try {
            while (readHeader(in)) {
                if (!headerAnnounced) {
                    headerAnnounced = true;
                    listener.onHeader(wireHeader);
                    ProtocolViolation broken = reader.violation();
                    if (length < 0) {
                        throw broken; // a top-bit length is always a violation: the frame's end is unknown
                    }
                    if (broken != null) {
                        listener.onViolation(broken);
                    }
                }
                if (!scanPayload(in, listener)) {
                    return;
                }
            }
        } catch (ProtocolViolation e) {
            throw fail(e);
        }
    }

    private boolean scanPayload(ByteBuffer in, ScanListener listener) {
        boolean keepBody = wireHeader.opcode() == Opcode.CLOSE.code() && length <= Rfc6455.MAX_CONTROL_PAYLOAD;
        while (payloadRead < length && in.hasRemaining()) {
            long at = payloadRead;
            ByteBuffer piece = nextChunk(in, (int) Math.min(in.remaining(), length - payloadRead));
            if (keepBody) {
                if (controlPayload == null) {
                    controlPayload = new byte[Rfc6455.MAX_CONTROL_PAYLOAD];
                }
                piece.get(piece.position(), controlPayload, (int) at, piece.remaining());
            }
            listener.onPayload(piece);
        }
        if (payloadRead < length) {
            return false;
        }
        WireHeader done = wireHeader;
        endFrame();
        if (keepBody) {
            try {
                rules.checkControlPayload(Opcode.CLOSE, Bytes.copyOf(controlPayload, 0, (int) length));
            } catch (ProtocolViolation violation) {
                listener.onViolation(violation);
            }
        }
        listener.onFrameEnd(done);
        return true;
    }

    /** Moves {@code n} payload bytes from {@code in} to {@code target[offset..]}, unmasking them. */
    private void read(ByteBuffer in, byte[] target, int offset, int n) {
        if (reader.masked()) {
            Masking.copyXor(in, target, offset, n, reader.key(), (int) (payloadRead & 3));
        } else {
            in.get(target, offset, n);
        }
        payloadRead += n;
    }

    /** Advances through the header; true once it is complete (state PAYLOAD). */
    private boolean readHeader(ByteBuffer in) {
        if (failure != null) {
            throw failure;
        }
        if (reader.state() == State.PAYLOAD) {
            return true;
        }
        if (!reader.read(in)) {
            return false;
        }
        opcode = reader.opcode();
        length = reader.length();
        payloadRead = 0;
        headerAnnounced = false;
        if (mode == Mode.SCAN) {
            wireHeader = reader.wireHeader();
        } else {
            header = reader.frameHeader();
        }
        return true;
    }

    /**
     * The next {@code n} payload bytes (at most), unmasked, as a read-only buffer valid until the next call: a view of
     * {@code in} when the frame is not masked, else the reused chunk buffer.
     */
    private ByteBuffer nextChunk(ByteBuffer in, int n) {
        if (reader.masked()) {
            if (chunk == null) {
                chunk = new byte[CHUNK];
                chunkView = ByteBuffer.wrap(chunk).asReadOnlyBuffer();
            }
            n = Math.min(n, CHUNK);
            read(in, chunk, 0, n);
            chunkView.limit(n).position(0);
            return chunkView;
        }
        ByteBuffer view = in.slice(in.position(), n).asReadOnlyBuffer();
        in.position(in.position() + n);
        payloadRead += n;
        return view;
    }

    private void mode(Mode used) {
        if (mode == null) {
            mode = used;
            if (used == Mode.SCAN) {
                reader.lenient();
            }
        } else if (mode != used) {
            throw new IllegalStateException("this decoder is used with " + mode.name().toLowerCase(Locale.ROOT) + "()");
        }
    }

    private void endFrame() {
        reader.nextFrame();
        header = null;
        wireHeader = null;
    }

    private ProtocolViolation fail(ProtocolViolation violation) {
        failure = violation;
        payload = null;
        return violation;
    }
}

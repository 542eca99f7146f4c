package dev.parley.server;

import java.nio.ByteBuffer;

import dev.parley.wire.CloseCode;
import dev.parley.wire.DeflateParameters;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameDecoder;
import dev.parley.wire.FrameHeader;
import dev.parley.wire.FrameListener;
import dev.parley.wire.FrameRules;
import dev.parley.wire.MessageInflater;
import dev.parley.wire.MessageRules;
import dev.parley.wire.Opcode;
import dev.parley.wire.ProtocolViolation;
import dev.parley.wire.Rfc6455;
import dev.parley.wire.Role;
import dev.parley.wire.Utf8Validator;

/**
 * The inbound side of a connection that negotiated permessage-deflate (RFC 7692), sans I/O: checks what the client
 * sends as {@link InboundCheck} does, and rewrites it into plain frames for Tyrus, which runs no extension of its own:
 * unmasked, RSV1 clear, compressed messages inflated. Not thread-safe (one read at a time).
 *
 * <p>Rules: RSV1 is allowed only on the first frame of a data message (§6.1: it marks the message compressed; on a
 * control frame or a continuation frame it is 1002); the inflated bytes of a message may not pass the message cap:
 * the byte past it is 1009, whatever the compressed size ({@link MessageInflater}); data that does not inflate is 1007;
 * inflated text goes through the fail-fast UTF-8 check (1007). An uncompressed message may not pass the cap either; a
 * compressed one may be a little larger on the wire ({@link #wireCap}: stored blocks add 5 bytes each).
 *
 * <p>Bounded output: inflated bytes go to Tyrus as frames of at most {@link PlainFrames#OUT_FRAME} bytes (the first
 * with the message's opcode, then continuations), and {@link #read} stops once it has {@link #OUT_TARGET} bytes ready, feeding
 * the decoder compressed payload {@link #COMPRESSED_SLICE} bytes at a time (deflate inflates at most 1032 times), so one
 * call never builds more than about {@code OUT_TARGET + 1032 * COMPRESSED_SLICE} bytes, however many messages a read
 * holds. The rest of the read is for the next call.
 *
 * <p>Memory: the inflater (zlib's state and 32 KiB window, about {@link #INFLATER_BYTES}) exists only while a
 * compressed message is in progress when the client compresses without context takeover (Parley always asks it to,
 * {@link DeflateConfig}); with context takeover it is kept from the first compressed message to the close.
 */
final class InboundDeflate implements FrameListener {
    /** A call stops once this many output bytes are ready. */
    static final int OUT_TARGET = 32 * 1024;
    /** Compressed payload fed to the inflater at once (at most 1032 × as many bytes out). */
    static final int COMPRESSED_SLICE = 32;
    /** What one JDK inflater holds natively, from above (zlib's inflate state about 7 KiB, its window 32 KiB). */
    static final long INFLATER_BYTES = 48 * 1024;
    private static final int HEADER_SLICE = Rfc6455.MAX_HEADER;

    /** What one call produced: plain frames in {@code out[0, length)}; with a violation, the whole frames before it. */
    record Result(byte[] out, int length, ProtocolViolation violation) {
    }

    private final long cap;
    private final DeflateParameters parameters;
    private final FrameDecoder decoder;
    private final MessageRules rules;
    private final Utf8Validator inflatedText = new Utf8Validator();
    private final MessageInflater.Sink sink = this::inflated;
    private MessageInflater inflater;

    private final PlainFrames out = new PlainFrames();

    // The message and frame in progress.
    private Opcode type;
    private boolean compressed;
    private long plainBytes;
    private boolean inData;
    private long frameLeft;
    private boolean failed;
    private boolean closed;

    private int frames;
    private int inflatedUncounted;

    InboundDeflate(long maxMessageBytes, DeflateParameters parameters) {
        this.cap = maxMessageBytes;
        this.parameters = parameters;
        long wire = wireCap(maxMessageBytes);
        this.decoder = new FrameDecoder(new FrameRules(Role.SERVER, wire, Rfc6455.RSV1));
        this.rules = new MessageRules(wire);
    }

    /**
     * The most a compressed message of at most {@code cap} inflated bytes may take on the wire: incompressible data
     * goes in stored blocks of 5 bytes of header each (RFC 1951 §3.2.4), and deflaters make them as small as their
     * output buffer (the JDK's, 16 KiB: 1 MiB of random bytes took 1,048,897 bytes); 1/128 more and 1 KiB is ample.
     */
    static long wireCap(long cap) {
        return cap + (cap >> 7) + 1024;
    }

    /**
     * Reads from {@code in} (its position moves past what was used) until it is used up or {@link #OUT_TARGET}
     * output bytes are ready.
     */
    synchronized Result read(ByteBuffer in) {
        if (closed) {
            in.position(in.limit());
            return new Result(new byte[0], 0, null);
        }
        out.begin(Math.min(in.remaining() + 64, OUT_TARGET + 1024));
        try {
            while (in.hasRemaining() && out.length() < OUT_TARGET) {
                int slice = inData ? (int) Math.min(frameLeft, compressed ? COMPRESSED_SLICE : OUT_TARGET)
                        : HEADER_SLICE;
                ByteBuffer part = in.duplicate();
                part.limit(part.position() + Math.min(part.remaining(), Math.max(1, slice)));
                decoder.stream(part, this);
                in.position(part.position());
            }
            out.endPending();
            return new Result(out.array(), out.length(), null);
        } catch (ProtocolViolation violation) {
            failed = true;
            release();
            in.position(in.limit());
            return new Result(out.array(), out.frameEnd(), violation);
        } finally {
            out.forget();
        }
    }

    boolean failed() {
        return failed;
    }

    /**
     * Frames seen since the last call (data frames whose header was read, control frames read whole), plus one for
     * each {@link PlainFrames#OUT_FRAME} inflated bytes (the frames Tyrus gets of them): the frame budget so bounds
     * the inflating work too, where a few compressed bytes may inflate a thousandfold; resets.
     */
    int takeFrames() {
        int seen = frames;
        frames = 0;
        return seen;
    }

    /** The largest frame handed to Tyrus so far (header and payload): Tyrus's frame buffer keeps that size. */
    long largestFrameBytes() {
        return out.largestFrame();
    }

    /** Payload of the frames handed to Tyrus of the message in progress, which Tyrus assembles; 0 between messages. */
    long fragmentBytes() {
        return out.fragments();
    }

    /** The native memory this connection's inflater holds now: 0 when it holds none. */
    long inflaterBytes() {
        return inflater == null ? 0 : INFLATER_BYTES;
    }

    /** The connection closed: frees the inflater (a close listener may run while a read is in progress: locked). */
    synchronized void close() {
        closed = true;
        release();
    }

    private void release() {
        if (inflater != null) {
            inflater.close();
            inflater = null;
        }
    }

    @Override
    public void onControlFrame(Frame frame) {
        frames++;
        if (frame.rsv1()) {
            // RFC 7692 §6.1: the "Per-Message Compressed" bit is for the first frame of a data message only.
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "RSV1 set on a " + frame.opcode() + " frame");
        }
        out.control(frame);
    }

    @Override
    public void onDataStart(FrameHeader header) {
        frames++;
        rules.onFrameStart(header);
        if (header.opcode() != Opcode.CONTINUATION) {
            type = header.opcode();
            compressed = header.rsv1();
            plainBytes = 0;
            out.beginMessage(type);
            if (compressed && inflater == null) {
                inflater = MessageInflater.of(parameters, Role.SERVER, cap);
            }
        } else if (header.rsv1()) {
            // RFC 7692 §6.1: "An endpoint MUST NOT set the "Per-Message Compressed" bit of control frames and
            // non-first fragments of a data message."
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "RSV1 set on a continuation frame");
        }
        inData = true;
        frameLeft = header.payloadLength();
        if (!compressed) {
            plainBytes += header.payloadLength();
            if (plainBytes > cap) {
                throw new ProtocolViolation(CloseCode.MESSAGE_TOO_BIG,
                        "message of " + plainBytes + "+ bytes over the limit of " + cap);
            }
            out.plainHeader(header.fin(), header.opcode(), header.payloadLength());
        }
    }

    @Override
    public void onDataPayload(ByteBuffer chunk) {
        frameLeft -= chunk.remaining();
        if (compressed) {
            inflater.inflate(chunk, sink);
        } else {
            rules.onPayload(chunk);
            out.payload(chunk);
        }
    }

    @Override
    public void onDataEnd(FrameHeader header) {
        inData = false;
        boolean messageEnd = rules.onFrameEnd();
        if (!compressed) {
            out.plainFrameEnd(messageEnd, header.payloadLength());
            return;
        }
        if (messageEnd) {
            inflater.endMessage(sink);
            if (type == Opcode.TEXT) {
                inflatedText.finish();
            }
            out.endInflatedMessage();
            if (parameters.inflaterResets(Role.SERVER)) {
                release(); // the next compressed message starts a new stream: nothing to keep meanwhile
            }
        }
    }

    /** Inflated bytes of the message in progress: checked, then appended to the inflated frame being filled. */
    private void inflated(byte[] chunk, int offset, int length) {
        inflatedUncounted += length; // length is at most a few KiB per call: no overflow
        if (inflatedUncounted >= PlainFrames.OUT_FRAME) {
            frames += inflatedUncounted / PlainFrames.OUT_FRAME;
            inflatedUncounted %= PlainFrames.OUT_FRAME;
        }
        if (type == Opcode.TEXT) {
            inflatedText.update(chunk, offset, length);
        }
        out.inflated(chunk, offset, length);
    }
}

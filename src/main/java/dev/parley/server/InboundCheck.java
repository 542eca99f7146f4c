package dev.parley.server;

import java.nio.ByteBuffer;

import dev.parley.session.Limits;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameDecoder;
import dev.parley.wire.FrameHeader;
import dev.parley.wire.FrameListener;
import dev.parley.wire.MessageRules;
import dev.parley.wire.ProtocolViolation;
import dev.parley.wire.Rfc6455;

/**
 * Checks the bytes one client sends on an upgraded connection against RFC 6455 with the project's own decoder,
 * before Tyrus sees them: masking, RSV bits, opcodes, control frames, close payloads, frame and message size from
 * the headers, fragment order, and UTF-8 as each chunk arrives. Not thread-safe: Grizzly reads one connection on one
 * thread at a time.
 *
 * <p>Two modes. {@link #check} only checks: the bytes go on to Tyrus unchanged. {@link #unmask} ({@link
 * Tuning#unmask()}) also rewrites them in place for Tyrus: every data frame whose header arrives whole in one read
 * goes on unmasked (the mask bit cleared, the 4 key bytes dropped, the payload the decoder has unmasked anyway written
 * back), and the rest of the read moves up to close the gaps. Tyrus accepts unmasked frames (the guard has already
 * refused them from the client) and then copies the payload instead of unmasking it a byte at a time. A frame whose
 * header is split between two reads, and every control frame, goes on exactly as the client sent it.
 */
final class InboundCheck implements FrameListener {

    /** Why the connection must fail, and how many of the bytes passed on are whole, valid frames before it. */
    record Failure(ProtocolViolation violation, int validBytes) {
    }

    private final int maxMessageBytes;
    // Made at the first read (issue 16): an idle connection does not hold them.
    private FrameDecoder decoder;
    private MessageRules rules;

    // Across reads.
    private boolean failed;
    private boolean atFrameStart = true; // the next byte read starts a frame
    private boolean payloadUnmasked;      // the data frame in progress goes on unmasked
    private long frameBytes;              // bytes passed on of the data frame in progress (header and payload)
    private long largestFrame;            // the most frameBytes ever reached on this connection
    private long fragments;               // payload bytes of the finished frames of the message in progress

    // During one call. Indexes are into `array` (unmask) or positions of `reading` (check only).
    private ByteBuffer reading;
    private byte[] array;       // the read's bytes, rewritten in place; null when only checking
    private int offset;         // array index of reading's position 0
    private int accounted;      // input up to here is passed on (copied to `written`, or rewritten)
    private int written;        // output up to here; never ahead of `accounted`
    private int frameEnd;       // output after the last whole valid frame
    private int frames;         // data frames begun and control frames ended since takeFrames()
    private int length;         // after a call: the bytes to pass on, from the input's position

    InboundCheck(Limits limits) {
        this.maxMessageBytes = limits.maxMessageBytes();
    }

    /**
     * How many frames the calls since the last {@code takeFrames()} have seen: data frames whose header they read and
     * control frames they read to the end (the unit of the frame budget); the count starts again from zero.
     */
    int takeFrames() {
        int seen = frames;
        frames = 0;
        return seen;
    }

    /**
     * The most bytes of one data frame (header and payload) passed on so far, whole or not: Tyrus keeps a frame until
     * it is whole in a buffer that grows to fit it and is kept, at that size, for the life of the connection.
     */
    long largestFrameBytes() {
        return largestFrame;
    }

    /**
     * Payload bytes of the finished frames of the fragmented message in progress, which Tyrus assembles until its
     * last frame; 0 between messages.
     */
    long fragmentBytes() {
        return fragments;
    }

    /** Whether an earlier call found a violation: nothing more from this client is worth reading. */
    boolean failed() {
        return failed;
    }

    /**
     * Checks the next bytes of the stream (their position and content are left alone).
     *
     * @return null if they are fine so far, else the failure
     */
    Failure check(ByteBuffer bytes) {
        array = null;
        return run(bytes);
    }

    /**
     * Checks the next bytes of the stream and rewrites them in place as described above; {@code bytes} must be
     * backed by a writable array. Its position is left alone; its limit is moved to the end of what Tyrus is to read.
     *
     * @return null if they are fine so far, else the failure (its {@code validBytes} count the rewritten bytes)
     */
    Failure unmask(ByteBuffer bytes) {
        array = bytes.array();
        offset = bytes.arrayOffset();
        Failure failure = run(bytes);
        bytes.limit(bytes.position() + length);
        return failure;
    }

    /**
     * Runs the decoder over {@code bytes} itself (no duplicate: a buffer a read, issue 16), leaving its position
     * where it was; the bytes to pass on are then {@link #length} from it.
     */
    private Failure run(ByteBuffer bytes) {
        reading = bytes;
        int start = bytes.position();
        accounted = start;
        written = start;
        frameEnd = start;
        if (decoder == null) {
            decoder = FrameDecoder.server(maxMessageBytes);
            rules = new MessageRules(maxMessageBytes);
        }
        try {
            decoder.stream(bytes, this);
            if (accounted < bytes.limit()) { // the start of a header: it goes on as sent, and so does its frame
                pass(bytes.limit());
                atFrameStart = false;
            }
            length = written - start;
            return null;
        } catch (ProtocolViolation violation) {
            failed = true;
            length = frameEnd - start;
            return new Failure(violation, length);
        } finally {
            bytes.position(start);
            reading = null;
            array = null;
        }
    }

    @Override
    public void onControlFrame(Frame frame) {
        frames++;
        pass(reading.position());
        frameEnd = written;
        atFrameStart = true;
    }

    @Override
    public void onDataStart(FrameHeader header) {
        frames++;
        rules.onFrameStart(header);
        frameBytes = Rfc6455.headerLength(header.payloadLength(), true);
        largestFrame = Math.max(largestFrame, frameBytes);
        int end = reading.position();
        payloadUnmasked = array != null && atFrameStart;
        if (payloadUnmasked) {
            int headerLength = Rfc6455.headerLength(header.payloadLength(), false); // all but the 4 key bytes
            System.arraycopy(array, offset + accounted, array, offset + written, headerLength);
            array[offset + written + 1] &= (byte) ~Rfc6455.MASK;
            written += headerLength;
            accounted = end;
        } else {
            pass(end);
        }
        atFrameStart = false;
    }

    @Override
    public void onDataPayload(ByteBuffer chunk) {
        int n = chunk.remaining();
        frameBytes += n;
        largestFrame = Math.max(largestFrame, frameBytes);
        if (payloadUnmasked) {
            // Written back first, then checked where it now lies: the decoder's chunk is a read-only view, which the
            // UTF-8 check could only read through a copy of its own (issue 16). Bytes past `written` are not passed
            // on if the check fails.
            chunk.get(chunk.position(), array, offset + written, n); // absolute: no view to make
            rules.onPayload(array, offset + written, n);
            written += n;
            accounted = reading.position();
        } else {
            rules.onPayload(chunk);
            pass(reading.position());
        }
    }

    @Override
    public void onDataEnd(FrameHeader header) {
        rules.onFrameEnd();
        fragments = header.fin() ? 0 : fragments + header.payloadLength();
        frameBytes = 0;
        pass(reading.position()); // nothing left when the payload was rewritten; else the frame's last bytes
        frameEnd = written;
        atFrameStart = true;
        payloadUnmasked = false;
    }

    /** Passes input up to {@code end} on as it is: moved up to the output position if gaps were closed before it. */
    private void pass(int end) {
        int n = end - accounted;
        if (array != null && written != accounted && n > 0) {
            System.arraycopy(array, offset + accounted, array, offset + written, n);
        }
        written += n;
        accounted = end;
    }
}

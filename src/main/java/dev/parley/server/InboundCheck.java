package dev.parley.server;

import java.nio.ByteBuffer;

import dev.parley.session.Limits;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameDecoder;
import dev.parley.wire.FrameHeader;
import dev.parley.wire.FrameListener;
import dev.parley.wire.MessageRules;
import dev.parley.wire.ProtocolViolation;

/**
 * Checks the bytes one client sends on an upgraded connection against RFC 6455 with the project's own decoder,
 * before Tyrus sees them: masking, RSV bits, opcodes, control frames, close payloads, frame and message size from
 * the headers, fragment order, and UTF-8 as each chunk arrives. It only checks; the bytes go on to Tyrus unchanged.
 * Not thread-safe: Grizzly reads one connection on one thread at a time.
 */
final class InboundCheck implements FrameListener {

    /** Why the connection must fail, and how many of the bytes just checked are whole, valid frames before it. */
    record Failure(ProtocolViolation violation, int validBytes) {
    }

    private final FrameDecoder decoder;
    private final MessageRules rules;
    private ByteBuffer reading;
    private int frameEnd;
    private boolean failed;

    InboundCheck(Limits limits) {
        this.decoder = FrameDecoder.server(limits.maxMessageBytes());
        this.rules = new MessageRules(limits.maxMessageBytes());
    }

    /** Whether an earlier call found a violation: nothing more from this client is worth reading. */
    boolean failed() {
        return failed;
    }

    /**
     * Checks the next bytes of the stream (their position is left alone).
     *
     * @return null if they are fine so far, else the failure
     */
    Failure check(ByteBuffer bytes) {
        reading = bytes.duplicate();
        int start = reading.position();
        frameEnd = start;
        try {
            decoder.stream(reading, this);
            return null;
        } catch (ProtocolViolation violation) {
            failed = true;
            return new Failure(violation, frameEnd - start);
        } finally {
            reading = null;
        }
    }

    @Override
    public void onControlFrame(Frame frame) {
        frameEnd = reading.position();
    }

    @Override
    public void onDataStart(FrameHeader header) {
        rules.onFrameStart(header);
    }

    @Override
    public void onDataPayload(ByteBuffer chunk) {
        rules.onPayload(chunk);
    }

    @Override
    public void onDataEnd(FrameHeader header) {
        rules.onFrameEnd();
        frameEnd = reading.position();
    }
}

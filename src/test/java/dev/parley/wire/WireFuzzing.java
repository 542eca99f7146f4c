package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What the fuzz tests share: splitting fuzz bytes into fuzz-chosen chunks of fuzz-chosen buffer kinds, feeding them to
 * a {@link FrameDecoder} through {@link FrameDecoder#decode} or {@link FrameDecoder#stream}, and what a run produced.
 */
final class WireFuzzing {
    private WireFuzzing() {
    }

    /** The buffer kinds the decoder must treat alike: each takes a different path through Masking and Utf8Validator. */
    enum Kind { WRAPPED_AT_OFFSET, SLICED, DIRECT, READ_ONLY }

    /** A chunk of the wire bytes: {@code wire[from, from + length)} handed over as a buffer of {@code kind}. */
    record Chunk(int from, int length, Kind kind) {
        ByteBuffer buffer(byte[] wire) {
            return switch (kind) {
                case WRAPPED_AT_OFFSET -> ByteBuffer.wrap(wire, from, length);        // position = from
                case SLICED -> ByteBuffer.wrap(wire).slice(from, length);           // arrayOffset = from
                case DIRECT -> ByteBuffer.allocateDirect(length).put(wire, from, length).flip();
                case READ_ONLY -> ByteBuffer.wrap(wire, from, length).asReadOnlyBuffer(); // hasArray() is false
            };
        }
    }

    /**
     * Fuzz input split into a chunking (up to 8 chunk sizes of 1..300 bytes, used in turn, each with a buffer kind)
     * taken from the end of the input and the wire bytes, the rest of it.
     */
    record Input(byte[] wire, List<Chunk> chunks) {
        static Input from(FuzzedDataProvider data) {
            int plans = data.consumeInt(1, 8);
            int[] sizes = new int[plans];
            Kind[] kinds = new Kind[plans];
            for (int i = 0; i < plans; i++) {
                sizes[i] = data.consumeInt(1, 300);
                kinds[i] = data.pickValue(Kind.values());
            }
            byte[] wire = data.consumeRemainingAsBytes();
            List<Chunk> chunks = new ArrayList<>();
            for (int at = 0, i = 0; at < wire.length; i = (i + 1) % plans) {
                int n = Math.min(sizes[i], wire.length - at);
                chunks.add(new Chunk(at, n, kinds[i]));
                at += n;
            }
            return new Input(wire, chunks);
        }

        /** All the wire bytes in one heap buffer. */
        List<Chunk> whole() {
            return wire.length == 0 ? List.of() : List.of(new Chunk(0, wire.length, Kind.WRAPPED_AT_OFFSET));
        }
    }

    /**
     * What a decoder made of some bytes: the complete frames, then either the violation that stopped it (its code and
     * reason) or the state it was left in.
     */
    record Outcome(List<Frame> frames, CloseCode violation, String reason, FrameDecoder.State state) {
        static Outcome of(List<Frame> frames, FrameDecoder decoder, ProtocolViolation violation) {
            return violation == null
                    ? new Outcome(List.copyOf(frames), null, null, decoder.state())
                    : new Outcome(List.copyOf(frames), violation.code(), violation.reason(), decoder.state());
        }
    }

    /** What every frame that leaves a decoder without extensions must be, whichever API produced it. */
    static void checkFrame(Frame frame, long maxFramePayload) {
        assertTrue(frame.payload().size() <= maxFramePayload, () -> "frame over the cap: " + frame);
        assertEquals(0, frame.rsvBits(), () -> "RSV bits without an extension: " + frame);
        if (frame.isControl()) {
            assertTrue(frame.fin(), () -> "fragmented control frame: " + frame);
            assertTrue(frame.payload().size() <= Rfc6455.MAX_CONTROL_PAYLOAD, () -> "control frame over 125: " + frame);
            if (frame.opcode() == Opcode.CLOSE) {
                frame.closeStatus(); // the decoder has validated the body: this must not throw
            }
        }
    }

    /** After a violation the decoder is FAILED and throws the very same violation again, whatever it is given. */
    static void checkStaysFailed(ProtocolViolation violation, Runnable again) {
        try {
            again.run();
        } catch (ProtocolViolation repeated) {
            assertSame(violation, repeated, "a failed decoder throws the same violation again");
            return;
        }
        throw new AssertionError("a failed decoder went on after " + violation.getMessage());
    }

    /** Feeds the chunks to {@link FrameDecoder#decode}, calling it until it returns null for each chunk. */
    static Outcome decode(FrameDecoder decoder, long maxFramePayload, byte[] wire, List<Chunk> chunks) {
        List<Frame> frames = new ArrayList<>();
        try {
            for (Chunk chunk : chunks) {
                ByteBuffer in = chunk.buffer(wire);
                for (Frame frame; (frame = decoder.decode(in)) != null; ) {
                    checkFrame(frame, maxFramePayload);
                    frames.add(frame);
                }
                assertFalse(in.hasRemaining(), "decode returned null with bytes left in the buffer");
            }
        } catch (ProtocolViolation violation) {
            assertEquals(FrameDecoder.State.FAILED, decoder.state());
            checkStaysFailed(violation, () -> decoder.decode(ByteBuffer.allocate(1)));
            return Outcome.of(frames, decoder, violation);
        }
        return Outcome.of(frames, decoder, null);
    }

    /** Feeds the chunks to {@link FrameDecoder#stream}, putting data frames back together from their pieces. */
    static Outcome stream(FrameDecoder decoder, long maxFramePayload, byte[] wire, List<Chunk> chunks) {
        CheckingListener listener = new CheckingListener(maxFramePayload);
        try {
            for (Chunk chunk : chunks) {
                ByteBuffer in = chunk.buffer(wire);
                decoder.stream(in, listener);
                assertFalse(in.hasRemaining(), "stream returned with bytes left in the buffer");
            }
        } catch (ProtocolViolation violation) {
            assertEquals(FrameDecoder.State.FAILED, decoder.state());
            checkStaysFailed(violation, () -> decoder.stream(ByteBuffer.allocate(1), listener));
            return Outcome.of(listener.frames, decoder, violation);
        }
        return Outcome.of(listener.frames, decoder, null);
    }

    /**
     * A {@link FrameListener} that checks the calling contract (start, payload*, end per data frame; control frames only
     * between data frames; read-only chunks that add up to the announced length, which is within the cap) and collects
     * the frames.
     */
    static final class CheckingListener implements FrameListener {
        final List<Frame> frames = new ArrayList<>();
        private final long maxFramePayload;
        private FrameHeader open;
        private byte[] payload;
        private int received;

        CheckingListener(long maxFramePayload) {
            this.maxFramePayload = maxFramePayload;
        }

        @Override
        public void onControlFrame(Frame frame) {
            assertEquals(null, open, "control frame inside a data frame");
            checkFrame(frame, maxFramePayload);
            frames.add(frame);
        }

        @Override
        public void onDataStart(FrameHeader header) {
            assertEquals(null, open, "data frame started inside another");
            assertFalse(header.isControl());
            assertTrue(header.payloadLength() >= 0 && header.payloadLength() <= maxFramePayload,
                    () -> "announced length beyond the cap: " + header);
            open = header;
            payload = new byte[(int) header.payloadLength()]; // safe: the cap in these tests is at most 1 MiB
            received = 0;
        }

        @Override
        public void onDataPayload(ByteBuffer chunk) {
            assertTrue(open != null, "payload outside a data frame");
            assertTrue(chunk.isReadOnly(), "payload chunks are read-only");
            assertTrue(chunk.hasRemaining(), "empty payload chunk");
            int n = chunk.remaining();
            assertTrue(received + n <= payload.length, "more payload than the header announced");
            chunk.duplicate().get(payload, received, n);
            received += n;
        }

        @Override
        public void onDataEnd(FrameHeader header) {
            assertEquals(open, header, "data frame ended with another header");
            assertEquals(payload.length, received, "data frame ended before its payload");
            Frame frame = new Frame(header.fin(), header.rsv1(), header.rsv2(), header.rsv3(), header.opcode(),
                    Bytes.of(payload));
            checkFrame(frame, maxFramePayload);
            frames.add(frame);
            open = null;
        }
    }
}

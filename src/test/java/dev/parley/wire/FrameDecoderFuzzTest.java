package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.wire.WireFuzzing.Chunk;
import dev.parley.wire.WireFuzzing.Input;
import dev.parley.wire.WireFuzzing.Outcome;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Assumptions;

/**
 * Fuzzing {@link FrameDecoder} with arbitrary bytes in arbitrary chunks. Without {@code JAZZER_FUZZ=1} each method
 * replays the inputs under {@code src/test/resources/dev/parley/wire/FrameDecoderFuzzTestInputs/<method>/}; see
 * docs/fuzzing.md.
 */
class FrameDecoderFuzzTest {
    private static final long SMALL = 1024;
    private static final long LARGE = 1 << 20;

    @FuzzTest(maxDuration = "2m")
    void serverDecoderThrowsOnlyViolationsAndAgreesWithItselfAcrossChunkingsAndApis(FuzzedDataProvider data) {
        long cap = data.consumeBoolean() ? SMALL : LARGE;
        agreeAcrossChunkingsAndApis(Role.SERVER, cap, Input.from(data));
    }

    @FuzzTest(maxDuration = "2m")
    void clientDecoderThrowsOnlyViolationsAndAgreesWithItselfAcrossChunkingsAndApis(FuzzedDataProvider data) {
        long cap = data.consumeBoolean() ? SMALL : LARGE;
        agreeAcrossChunkingsAndApis(Role.CLIENT, cap, Input.from(data));
    }

    /**
     * The same bytes, whole and in the fuzz-chosen chunks, through decode() and through stream(): the four runs must
     * produce the same frames and end the same way, with the same violation (code and reason) or in the same state.
     * Anything thrown other than {@link ProtocolViolation} fails the test, as does a broken listener contract or a
     * frame over the cap (see {@link WireFuzzing}). The input bytes must not be written to.
     */
    private static void agreeAcrossChunkingsAndApis(Role role, long cap, Input input) {
        byte[] original = input.wire().clone();
        Outcome whole = WireFuzzing.decode(decoder(role, cap), cap, input.wire(), input.whole());
        Outcome chunked = WireFuzzing.decode(decoder(role, cap), cap, input.wire(), input.chunks());
        Outcome streamedWhole = WireFuzzing.stream(decoder(role, cap), cap, input.wire(), input.whole());
        Outcome streamed = WireFuzzing.stream(decoder(role, cap), cap, input.wire(), input.chunks());
        assertEquals(whole, chunked, "decode(): whole buffer vs chunks " + input.chunks());
        assertEquals(whole, streamedWhole, "decode() vs stream(), whole buffer");
        assertEquals(whole, streamed, "decode() whole vs stream() in chunks " + input.chunks());
        assertArrayEquals(original, input.wire(), "the decoder wrote to its input");
    }

    private static FrameDecoder decoder(Role role, long cap) {
        return role == Role.SERVER ? FrameDecoder.server(cap) : FrameDecoder.client(cap);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static final long TINY = Rfc6455.MAX_CONTROL_PAYLOAD; // 125, the smallest cap FrameRules takes
    /**
     * What a decoder may allocate in one call besides payload: a {@link ProtocolViolation} with its reason and
     * {@link CloseStatus}, a {@link FrameHeader}, a {@link Frame} and its {@link Bytes}, a close status parsed from a
     * close body. Generous; a payload allocation sized by a header's claim (up to 2^63 - 1 here) is not.
     */
    private static final long OVERHEAD = 4096;
    /** stream(): the decoder's 8 KiB unmasking buffer and 125-byte control buffer (once per decoder), with headroom. */
    private static final long STREAM_BUFFERS = 8192 + 125 + 1024;
    /** stream(): per listener call, a read-only view of the input or a control Frame with its copied payload. */
    private static final long PER_EVENT = 1024;

    /**
     * Never allocates beyond the configured cap: a decoder with a 125-byte cap (the smallest allowed), fed bytes whose headers claim any
     * length (7-, 16- and 64-bit forms), in fuzz-chosen chunks. What is asserted, per single decode() or stream() call,
     * is the number of bytes the calling thread allocated during it (HotSpot's per-thread allocation counter,
     * {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}):
     * <ul>
     *   <li>decode(): at most 125 (one payload array, allocated once the header is in) + {@link #OVERHEAD};</li>
     *   <li>stream(): at most {@link #STREAM_BUFFERS} + {@link #PER_EVENT} per listener call, with a listener that
     *       allocates nothing.</li>
     * </ul>
     * Every input is run twice and only the second run is measured, so that one-time costs (class initialisation, the
     * linking of string concatenations and lambdas on the error paths) do not count. The bounds do not depend on any
     * length in the input, so an allocation sized from an unchecked header would break them by orders of magnitude.
     * Payload arrays above the cap are caught separately by {@link WireFuzzing#checkFrame}.
     */
    @FuzzTest(maxDuration = "2m")
    void hugeDeclaredLengthsNeverMakeTheDecoderAllocateBeyondTheCap(FuzzedDataProvider data) {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        boolean server = data.consumeBoolean();
        Input input = Input.from(data);
        for (boolean measured : new boolean[] {false, true}) {
            FrameDecoder decoding = server ? FrameDecoder.server(TINY) : FrameDecoder.client(TINY);
            FrameDecoder streaming = server ? FrameDecoder.server(TINY) : FrameDecoder.client(TINY);
            CountingListener listener = new CountingListener();
            boolean decodeFailed = false;
            boolean streamFailed = false;
            for (Chunk chunk : input.chunks()) {
                ByteBuffer in = chunk.buffer(input.wire());
                while (!decodeFailed && in.hasRemaining()) {
                    long before = threads.getCurrentThreadAllocatedBytes();
                    Frame frame = null;
                    try {
                        frame = decoding.decode(in);
                    } catch (ProtocolViolation violation) {
                        decodeFailed = true;
                    }
                    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                    if (measured) {
                        assertTrue(allocated <= TINY + OVERHEAD, "decode() allocated " + allocated + " bytes");
                    }
                    if (frame != null) {
                        assertTrue(frame.payload().size() <= TINY, "frame over the cap: " + frame);
                    }
                }
                if (!streamFailed) {
                    ByteBuffer view = chunk.buffer(input.wire());
                    int eventsBefore = listener.events;
                    long before = threads.getCurrentThreadAllocatedBytes();
                    try {
                        streaming.stream(view, listener);
                    } catch (ProtocolViolation violation) {
                        streamFailed = true;
                    }
                    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                    long allowed = STREAM_BUFFERS + PER_EVENT * (listener.events - eventsBefore);
                    if (measured) {
                        assertTrue(allocated <= allowed,
                                "stream() allocated " + allocated + " bytes, allowed " + allowed);
                    }
                }
            }
        }
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported(), "no per-thread allocation counter");
        if (!threads.isThreadAllocatedMemoryEnabled()) {
            threads.setThreadAllocatedMemoryEnabled(true);
        }
        return threads;
    }

    /** Counts the calls and checks that chunks stay within the cap; allocates nothing itself. */
    private static final class CountingListener implements FrameListener {
        int events;
        long frameLeft;

        @Override
        public void onControlFrame(Frame frame) {
            events++;
            if (frame.payload().size() > Rfc6455.MAX_CONTROL_PAYLOAD) {
                throw new AssertionError("control frame over 125 bytes");
            }
        }

        @Override
        public void onDataStart(FrameHeader header) {
            events++;
            if (header.payloadLength() > TINY) {
                throw new AssertionError("announced a frame over the cap");
            }
            frameLeft = header.payloadLength();
        }

        @Override
        public void onDataPayload(ByteBuffer chunk) {
            events++;
            frameLeft -= chunk.remaining();
            if (frameLeft < 0) {
                throw new AssertionError("more payload than announced");
            }
        }

        @Override
        public void onDataEnd(FrameHeader header) {
            events++;
        }
    }
}

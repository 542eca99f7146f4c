package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7692 §7.2.2 and §7.2.3's examples, the message cap and bad data. */
class MessageInflaterTest {
    /** Reads server frames (unmasked) with RSV1 allowed, as a client that negotiated permessage-deflate. */
    private static List<Frame> frames(String hex) {
        return Feed.whole(new FrameDecoder(new FrameRules(Role.CLIENT, 1 << 20, Rfc6455.RSV1)), RawFrames.hex(hex));
    }

    /** Collects what the inflater gives, checking no chunk is over {@code chunkLimit}. */
    private static final class Collector implements MessageInflater.Sink {
        private final int chunkLimit;
        private byte[] bytes = new byte[0];
        private long count;

        Collector(int chunkLimit) {
            this.chunkLimit = chunkLimit;
        }

        @Override
        public void accept(byte[] chunk, int offset, int length) {
            assertTrue(length > 0 && length <= chunkLimit, "chunk of " + length);
            count += length;
            if (bytes.length < 1 << 22) { // keep up to 4 MiB for content checks
                int old = bytes.length;
                bytes = Arrays.copyOf(bytes, old + length);
                System.arraycopy(chunk, offset, bytes, old, length);
            }
        }

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * The messages that the RFC's frames carry, inflated twice: each frame payload whole, and one byte at a time.
     * A frame with FIN ends the message.
     */
    private static List<String> inflate(String hex, boolean resetAfterMessage) {
        List<String> whole = inflate(frames(hex), resetAfterMessage, payload -> List.of(payload));
        List<String> byteByByte = inflate(frames(hex), resetAfterMessage, payload -> {
            byte[] all = payload.toByteArray();
            return java.util.stream.IntStream.range(0, all.length).mapToObj(i -> Bytes.of(all[i])).toList();
        });
        assertEquals(whole, byteByByte, "whole and byte by byte");
        return whole;
    }

    private static List<String> inflate(List<Frame> frames, boolean reset, Function<Bytes, List<Bytes>> split) {
        MessageInflater inflater = new MessageInflater(1 << 20, reset, 3);
        List<String> messages = new java.util.ArrayList<>();
        Collector collector = new Collector(3);
        for (Frame frame : frames) {
            for (Bytes part : split.apply(frame.payload())) {
                inflater.inflate(ByteBuffer.wrap(part.toByteArray()), collector);
            }
            if (frame.fin()) {
                inflater.endMessage(collector);
                messages.add(collector.text());
                collector = new Collector(3);
            }
        }
        inflater.close();
        return messages;
    }

    @Test
    void rfc7692Section7231HelloInOneFrame() {
        // §7.2.3.1: "Suppose that an endpoint sends a text message "Hello". [...] 0xc1 0x07 0xf2 0x48 0xcd 0xc9 0xc9
        // 0x07 0x00"
        assertEquals(List.of("Hello"), inflate("c107f248cdc9c90700", true));
    }

    @Test
    void rfc7692Section7231HelloFragmented() {
        // §7.2.3.1: "0x41 0x03 0xf2 0x48 0xcd" and "0x80 0x04 0xc9 0xc9 0x07 0x00"
        assertEquals(List.of("Hello"), inflate("4103f248cd" + "8004c9c90700", true));
    }

    @Test
    void rfc7692Section7232ContextTakeover() {
        // §7.2.3.2: the second "Hello" "0xc1 0x05 0xf2 0x00 0x11 0x00 0x00" refers back into the first message.
        assertEquals(List.of("Hello", "Hello"), inflate("c107f248cdc9c90700" + "c105f200110000", false));
        // Reset between messages (client_no_context_takeover), the back reference points before the stream: 1007.
        ProtocolViolation v = assertThrows(ProtocolViolation.class,
                () -> inflate("c107f248cdc9c90700" + "c105f200110000", true));
        assertEquals(CloseCode.INVALID_PAYLOAD_DATA, v.code());
    }

    @Test
    void anEmptyCompressedPayloadIsAnEmptyMessageAndLeavesTheContextAsItWas() {
        // §7.2.3.6 asks a sender for "a single 0x00" when it has nothing to flush; Tyrus's client sends an empty
        // payload (RSV1, length 0) instead for an empty message after another. With the tail appended, 00 00 ff ff
        // would open a stored block of 0xff00 bytes and the next message, referring back, would be read as its content.
        assertEquals(List.of("Hello", "", "", "Hello"),
                inflate("c107f248cdc9c90700" + "c10100" + "c100" + "c105f200110000", false));
        assertEquals(List.of("", "Hello"), inflate("c100" + "c107f248cdc9c90700", true));
    }

    @Test
    void rfc7692Section7233NoCompressionBlock() {
        // §7.2.3.3: "0xc1 0x0b 0x00 0x05 0x00 0xfa 0xff 0x48 0x65 0x6c 0x6c 0x6f 0x00"
        assertEquals(List.of("Hello"), inflate("c10b000500faff48656c6c6f00", true));
    }

    @Test
    void rfc7692Section7234BfinalSet() {
        // §7.2.3.4: "0xf3 0x48 0xcd 0xc9 0xc9 0x07 0x00 0x00": a final block and a trailing byte; a new stream follows.
        assertEquals(List.of("Hello", "Hello"), inflate("c108f348cdc9c9070000" + "c107f248cdc9c90700", false));
    }

    @Test
    void rfc7692Section7235TwoDeflateBlocks() {
        // §7.2.3.5: "0xf2 0x48 0x05 0x00 0x00 0x00 0xff 0xff 0xca 0xc9 0xc9 0x07 0x00"
        assertEquals(List.of("Hello"), inflate("c10df248050000" + "00ffffcac9c90700", true));
    }

    @Test
    void emptyMessage() {
        // §7.2.3.6: an empty message compresses to "0x00".
        assertEquals(List.of("", ""), inflate("c10100" + "c100", true));
    }

    /** 1 GiB of zeros, deflated once for the class: about 1 MiB of compressed bytes. */
    private static final class Bomb {
        static final long INFLATED = 1L << 30;
        static final byte[] COMPRESSED = build();

        private static byte[] build() {
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
            byte[] zeros = new byte[1 << 20];
            byte[] out = new byte[2 << 20];
            int length = 0;
            for (long fed = 0; fed < INFLATED; fed += zeros.length) {
                deflater.setInput(zeros);
                while (!deflater.needsInput()) {
                    length += deflater.deflate(out, length, out.length - length, Deflater.NO_FLUSH);
                }
            }
            length += deflater.deflate(out, length, out.length - length, Deflater.SYNC_FLUSH);
            deflater.end();
            assertTrue(length < out.length, "compressed output fits");
            return Arrays.copyOf(out, length - 4); // strip the tail, as a sender does
        }
    }

    @Test
    void oneGibibyteBombStopsAtTheCapWithBoundedMemory() {
        long cap = 1 << 20;
        assertTrue(Bomb.COMPRESSED.length < 1_100_000, "compressed " + Bomb.COMPRESSED.length);
        // The bomb is real: without a cap it inflates to exactly 1 GiB.
        Collector all = new Collector(1 << 16);
        try (MessageInflater unlimited = new MessageInflater(Long.MAX_VALUE, true, 1 << 16)) {
            unlimited.inflate(ByteBuffer.wrap(Bomb.COMPRESSED), (b, o, n) -> all.count += n);
            unlimited.endMessage((b, o, n) -> all.count += n);
        }
        assertEquals(Bomb.INFLATED, all.count);

        Collector capped = new Collector(8192);
        MessageInflater inflater = new MessageInflater(cap, true, 8192);
        ByteBuffer frame = ByteBuffer.wrap(Bomb.COMPRESSED);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        ProtocolViolation v = assertThrows(ProtocolViolation.class,
                () -> inflater.inflate(frame, (b, o, n) -> capped.count += n));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(CloseCode.MESSAGE_TOO_BIG, v.code());
        assertEquals(cap + 1, inflater.messageBytes(), "inflated one byte past the cap, then stopped");
        assertEquals(cap, capped.count, "the sink got the 128 full chunks up to the cap, not a byte more");
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes inflating the bomb");
        inflater.close();
    }

    @Test
    void manySmallFragmentsPastTheCap() {
        // 16 MiB of zeros, sent as one-byte fragments: no frame is big, the message is.
        byte[] compressed = new MessageDeflater(Deflater.BEST_COMPRESSION, true).deflate(ByteBuffer.allocate(16 << 20));
        long cap = 100_000;
        MessageInflater inflater = new MessageInflater(cap, true, 8192);
        Collector collector = new Collector(8192);
        int fed = 0;
        ProtocolViolation violation = null;
        for (; fed < compressed.length && violation == null; fed++) {
            try {
                inflater.inflate(compressed, fed, 1, collector);
            } catch (ProtocolViolation v) {
                violation = v;
            }
        }
        assertTrue(violation != null, "no violation after " + fed + " fragments");
        assertEquals(CloseCode.MESSAGE_TOO_BIG, violation.code());
        assertEquals(cap + 1, inflater.messageBytes(), "inflated one byte past the cap, then stopped");
        assertTrue(collector.count <= cap && collector.count > cap - 8192, "delivered " + collector.count);
        assertTrue(fed < 200, "stopped after " + fed + " of " + compressed.length + " fragments");
        assertThrows(IllegalStateException.class, () -> inflater.inflate(compressed, 0, 1, collector));
    }

    @Test
    void theCapIsPerMessageAndExact() {
        byte[] message = new byte[1000];
        new Random(7).nextBytes(message);
        MessageDeflater deflater = new MessageDeflater(6, false);
        MessageInflater inflater = new MessageInflater(1000, false, 100);
        for (int i = 0; i < 3; i++) { // exactly the cap, three times: each message counts from zero
            Collector collector = new Collector(100);
            inflater.inflate(ByteBuffer.wrap(deflater.deflate(ByteBuffer.wrap(message))), collector);
            inflater.endMessage(collector);
            assertArrayEquals(message, collector.bytes);
            assertEquals(0, inflater.messageBytes());
        }
        ProtocolViolation v = assertThrows(ProtocolViolation.class, () -> inflater.inflate(
                ByteBuffer.wrap(deflater.deflate(ByteBuffer.wrap(new byte[1001]))), new Collector(100)));
        assertEquals(CloseCode.MESSAGE_TOO_BIG, v.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ff",               // BTYPE 11: reserved block type
        "07",               // BTYPE 11 again, with BFINAL
        "0005000000",       // stored block whose NLEN is not the complement of LEN
        "fc",               // dynamic block with an impossible code-length table
    })
    void invalidDeflateDataIs1007(String hex) {
        // RFC 6455 §7.4.1: 1007 "indicates that an endpoint is terminating the connection because it has received data
        // within a message that was not consistent with the type of the message". RFC 7692 names no code; Autobahn's
        // 12.x/13.x cases and most servers (Node ws, python-websockets) answer 1007 to data that does not inflate.
        MessageInflater inflater = new MessageInflater(1 << 20, true, 64);
        ProtocolViolation v = assertThrows(ProtocolViolation.class, () -> {
            inflater.inflate(ByteBuffer.wrap(RawFrames.hex(hex)), new Collector(64));
            inflater.endMessage(new Collector(64));
        });
        assertEquals(CloseCode.INVALID_PAYLOAD_DATA, v.code());
        inflater.close();
    }

    @Test
    void randomGarbageNeverEscapesAsAnotherException() {
        Random random = new Random(18);
        int violations = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] garbage = new byte[1 + random.nextInt(64)];
            random.nextBytes(garbage);
            try (MessageInflater inflater = new MessageInflater(4096, true, 256)) {
                inflater.inflate(garbage, 0, garbage.length, new Collector(256));
                inflater.endMessage(new Collector(256));
            } catch (ProtocolViolation v) {
                assertTrue(v.code() == CloseCode.INVALID_PAYLOAD_DATA || v.code() == CloseCode.MESSAGE_TOO_BIG, v.toString());
                violations++;
            }
        }
        assertTrue(violations > 1000, "violations " + violations);
    }
}

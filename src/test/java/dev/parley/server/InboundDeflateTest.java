package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.parley.wire.Bytes;
import dev.parley.wire.CloseCode;
import dev.parley.wire.DeflateParameters;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameDecoder;
import dev.parley.wire.FrameEncoder;
import dev.parley.wire.MaskKeys;
import dev.parley.wire.MessageDeflater;
import dev.parley.wire.Opcode;
import dev.parley.wire.ProtocolViolation;
import dev.parley.wire.Role;

/**
 * {@link InboundDeflate} turns a client's permessage-deflate stream, in whatever pieces it arrives, into plain frames
 * (unmasked, RSV clear, inflated) that a strict decoder reads as the client's messages; it fails with RFC 7692 §6.1's
 * and RFC 6455's codes, and one call never builds more than about 64 KiB whatever a message inflates to.
 */
class InboundDeflateTest {
    private static final int CAP = 300_000;
    /** Client without context takeover (what Parley asks), and one that keeps it. */
    private static final DeflateParameters NO_TAKEOVER = new DeflateParameters(15, 15, true, true, false, false);
    private static final DeflateParameters TAKEOVER = new DeflateParameters(15, 15, true, false, false, false);
    private static final FrameEncoder CLIENT = FrameEncoder.client(MaskKeys.secure());
    private static final int MOST_PER_CALL = 64 * 1024;

    private record Message(Opcode type, byte[] payload) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Message m && m.type == type && Arrays.equals(m.payload, payload);
        }

        @Override
        public int hashCode() {
            return type.hashCode();
        }

        @Override
        public String toString() {
            return type + "(" + payload.length + ")";
        }
    }

    @Test
    void everyChunkingGivesTheClientsMessagesAsPlainFrames() {
        for (DeflateParameters parameters : List.of(NO_TAKEOVER, TAKEOVER)) {
            SplittableRandom random = new SplittableRandom(7692);
            List<Message> messages = new ArrayList<>();
            byte[] wire = stream(random, parameters, messages);
            for (int run = 0; run < 60; run++) {
                int maxChunk = run == 0 ? wire.length : run < 10 ? run : 1 + random.nextInt(run < 30 ? 300 : 70_000);
                InboundDeflate inbound = new InboundDeflate(CAP, parameters);
                byte[] out = feed(inbound, wire, random, maxChunk, null);
                assertEquals(messages, messages(out), "max chunk " + maxChunk);
                assertEquals(parameters == NO_TAKEOVER ? 0 : InboundDeflate.INFLATER_BYTES, inbound.inflaterBytes(),
                        "an idle connection holds an inflater only with context takeover");
            }
        }
    }

    @Test
    void rsv1OnAContinuationOrAControlFrameIs1002() {
        byte[] compressed = deflate(NO_TAKEOVER, "hello".getBytes(StandardCharsets.UTF_8));
        byte[] continuation = concat(CLIENT.encode(new Frame(false, true, false, false, Opcode.TEXT,
                Bytes.of(compressed))), CLIENT.encode(new Frame(true, true, false, false, Opcode.CONTINUATION,
                Bytes.EMPTY)));
        assertEquals(CloseCode.PROTOCOL_ERROR, failure(continuation).code());
        byte[] ping = CLIENT.encode(new Frame(true, true, false, false, Opcode.PING, Bytes.EMPTY));
        assertEquals(CloseCode.PROTOCOL_ERROR, failure(ping).code());
    }

    @Test
    void dataThatDoesNotInflateIs1007AndSoIsInflatedTextThatIsNotUtf8() {
        byte[] reservedBlockType = {(byte) 0x07, 0x00}; // BTYPE 11, RFC 1951 §3.2.3: "reserved (error)"
        assertEquals(CloseCode.INVALID_PAYLOAD_DATA, failure(compressedFrame(Opcode.BINARY, reservedBlockType)).code());
        byte[] notUtf8 = deflate(NO_TAKEOVER, new byte[] {'o', 'k', (byte) 0xC0, (byte) 0xAF});
        assertEquals(CloseCode.INVALID_PAYLOAD_DATA, failure(compressedFrame(Opcode.TEXT, notUtf8)).code());
    }

    @Test
    void aBombIs1009AfterAtMostTheCapAndNoCallBuildsMoreThan64KiB() {
        byte[] zeros = deflate(NO_TAKEOVER, new byte[8 << 20]); // 8 MiB of zeros: about 8 KiB compressed
        byte[] wire = compressedFrame(Opcode.BINARY, zeros);
        InboundDeflate inbound = new InboundDeflate(CAP, NO_TAKEOVER);
        long[] handed = new long[1];
        ProtocolViolation violation = run(inbound, wire, wire.length, handed);
        assertNotNull(violation);
        assertEquals(CloseCode.MESSAGE_TOO_BIG, violation.code());
        assertTrue(handed[0] <= CAP + 1024, "handed on " + handed[0]);
        assertEquals(0, inbound.inflaterBytes(), "the inflater is freed when the connection fails");
    }

    @Test
    void manySmallCompressedFragmentsPastTheCapAre1009() {
        byte[] zeros = deflate(NO_TAKEOVER, new byte[4 << 20]);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int i = 0; i < zeros.length; i += 16) {
            byte[] piece = Arrays.copyOfRange(zeros, i, Math.min(zeros.length, i + 16));
            wire.writeBytes(CLIENT.encode(new Frame(i + 16 >= zeros.length, i == 0, false, false,
                    i == 0 ? Opcode.BINARY : Opcode.CONTINUATION, Bytes.of(piece))));
        }
        long[] handed = new long[1];
        ProtocolViolation violation = run(new InboundDeflate(CAP, NO_TAKEOVER), wire.toByteArray(), 4096, handed);
        assertNotNull(violation);
        assertEquals(CloseCode.MESSAGE_TOO_BIG, violation.code());
    }

    /**
     * A ratio-1000 message costs the frame budget what its inflated frames would, not just its one wire frame: each
     * 16 KiB inflated counts one frame, so the budget bounds inflating work per second (CPU amplification).
     */
    @Test
    void inflatedBytesCountAsFramesOfSixteenKibibytes() {
        byte[] wire = compressedFrame(Opcode.BINARY, deflate(NO_TAKEOVER, new byte[CAP]));
        assertTrue(wire.length < CAP / 500, "the message is " + wire.length + " bytes compressed");
        InboundDeflate inbound = new InboundDeflate(CAP, NO_TAKEOVER);
        int frames = 0;
        for (int round = 0; round < 2; round++) {
            assertNull(run(inbound, wire, wire.length, new long[1]));
            frames += inbound.takeFrames();
        }
        assertEquals(2 + 2 * CAP / PlainFrames.OUT_FRAME, frames);
        byte[] ping = CLIENT.encode(Frame.of(Opcode.PING, true, Bytes.EMPTY));
        assertNull(run(inbound, ping, ping.length, new long[1]));
        assertEquals(1, inbound.takeFrames(), "a control frame counts one, inflates nothing");
    }

    @Test
    void theRulesOfRfc6455HoldOnTheDeflatePathToo() {
        byte[] unmasked = FrameEncoder.server().encode(Frame.text("hi"));
        assertEquals(CloseCode.PROTOCOL_ERROR, failure(unmasked).code());
        byte[] plainNotUtf8 = CLIENT.encode(Frame.of(Opcode.TEXT, true, Bytes.of((byte) 'o', (byte) 0xC0)));
        assertEquals(CloseCode.INVALID_PAYLOAD_DATA, failure(plainNotUtf8).code());
        byte[] lonelyContinuation = CLIENT.encode(Frame.continuation(Bytes.of((byte) 1), true));
        assertEquals(CloseCode.PROTOCOL_ERROR, failure(lonelyContinuation).code());
        byte[] rsv2 = CLIENT.encode(new Frame(true, false, true, false, Opcode.BINARY, Bytes.EMPTY));
        assertEquals(CloseCode.PROTOCOL_ERROR, failure(rsv2).code());
    }

    @Test
    void anUncompressedMessageOverTheCapIs1009FromItsHeader() {
        byte[] wire = CLIENT.encode(Frame.binary(Bytes.of(new byte[CAP + 1])));
        assertEquals(CloseCode.MESSAGE_TOO_BIG, failure(Arrays.copyOf(wire, 20)).code());
    }

    // --- helpers ---

    private static ProtocolViolation failure(byte[] wire) {
        return run(new InboundDeflate(CAP, NO_TAKEOVER), wire, wire.length, new long[1]);
    }

    /** Feeds {@code wire} in chunks of {@code chunk}; every call's output is at most 64 KiB. */
    private static ProtocolViolation run(InboundDeflate inbound, byte[] wire, int chunk, long[] handed) {
        for (int at = 0; at < wire.length; at += chunk) {
            ByteBuffer in = ByteBuffer.wrap(wire, at, Math.min(chunk, wire.length - at));
            while (in.hasRemaining()) {
                InboundDeflate.Result result = inbound.read(in);
                assertTrue(result.length() <= MOST_PER_CALL, "one call built " + result.length());
                handed[0] += result.length();
                if (result.violation() != null) {
                    return result.violation();
                }
            }
        }
        return null;
    }

    private static byte[] feed(InboundDeflate inbound, byte[] wire, SplittableRandom random, int maxChunk,
                               ProtocolViolation[] failure) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < wire.length; ) {
            int n = Math.min(wire.length - at, 1 + random.nextInt(maxChunk));
            ByteBuffer in = ByteBuffer.wrap(wire, at, n);
            while (in.hasRemaining()) {
                InboundDeflate.Result result = inbound.read(in);
                assertTrue(result.length() <= MOST_PER_CALL, "one call built " + result.length());
                assertNull(result.violation());
                out.write(result.out(), 0, result.length());
            }
            at += n;
        }
        return out.toByteArray();
    }

    /** The messages in plain frames, read by a decoder that refuses masks and RSV bits; pings kept as messages. */
    private static List<Message> messages(byte[] plain) {
        FrameDecoder decoder = FrameDecoder.client(Long.MAX_VALUE);
        ByteBuffer in = ByteBuffer.wrap(plain);
        List<Message> messages = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        Opcode type = null;
        for (Frame frame; (frame = decoder.decode(in)) != null; ) {
            if (frame.isControl()) {
                messages.add(new Message(frame.opcode(), frame.payload().toByteArray()));
                continue;
            }
            if (frame.opcode() != Opcode.CONTINUATION) {
                type = frame.opcode();
            }
            current.writeBytes(frame.payload().toByteArray());
            if (frame.fin()) {
                messages.add(new Message(type, current.toByteArray()));
                current.reset();
                type = null;
            }
        }
        assertEquals(plain.length, in.position());
        return messages;
    }

    /** Random messages, compressed or not, whole or fragmented, with pings between fragments. */
    private static byte[] stream(SplittableRandom random, DeflateParameters parameters, List<Message> messages) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (MessageDeflater deflater = MessageDeflater.of(parameters, Role.CLIENT)) {
            int[] sizes = {0, 1, 5, 125, 126, 1000, 16_384, 16_385, 40_000, 100_000, CAP};
            for (int i = 0; i < 40; i++) {
                int size = sizes[random.nextInt(sizes.length)];
                Opcode type = random.nextBoolean() ? Opcode.TEXT : Opcode.BINARY;
                byte[] payload = new byte[size];
                for (int j = 0; j < size; j++) { // compressible ASCII with some noise
                    payload[j] = (byte) (random.nextInt(8) == 0 ? 'a' + random.nextInt(26) : 'a' + j % 7);
                }
                boolean compressed = random.nextInt(4) != 0;
                byte[] body = compressed ? deflater.deflate(ByteBuffer.wrap(payload)) : payload;
                int pieces = random.nextInt(3) == 0 ? 1 + random.nextInt(5) : 1;
                int step = Math.max(1, (body.length + pieces - 1) / pieces);
                int at = 0;
                do {
                    int end = Math.min(body.length, at + step);
                    boolean first = at == 0;
                    wire.writeBytes(CLIENT.encode(new Frame(end == body.length, first && compressed, false, false,
                            first ? type : Opcode.CONTINUATION, Bytes.of(Arrays.copyOfRange(body, at, end)))));
                    if (end < body.length && random.nextBoolean()) {
                        byte[] ping = {(byte) i};
                        wire.writeBytes(CLIENT.encode(Frame.ping(Bytes.of(ping))));
                        messages.add(new Message(Opcode.PING, ping));
                    }
                    at = end;
                } while (at < body.length);
                messages.add(new Message(type, payload));
            }
        }
        return wire.toByteArray();
    }

    private static byte[] deflate(DeflateParameters parameters, byte[] message) {
        try (MessageDeflater deflater = MessageDeflater.of(parameters, Role.CLIENT)) {
            return deflater.deflate(ByteBuffer.wrap(message));
        }
    }

    private static byte[] compressedFrame(Opcode type, byte[] compressed) {
        return CLIENT.encode(new Frame(true, true, false, false, type, Bytes.of(compressed)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}

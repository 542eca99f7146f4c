package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.parley.wire.Bytes;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameEncoder;
import dev.parley.wire.MaskKeys;

/** The in-place scanner against frames written by the project's encoder, cut at every kind of boundary. */
class ServerFrameScannerTest {

    private record Seen(String what, long length, String prefix) {
    }

    private static final class Recorder implements ServerFrameScanner.Sink {
        final List<Seen> seen = new ArrayList<>();

        @Override
        public void message(int opcode, long length, byte[] prefix, int prefixLength) {
            seen.add(new Seen("data" + opcode, length, new String(prefix, 0, prefixLength, StandardCharsets.ISO_8859_1)));
        }

        @Override
        public void control(int opcode, byte[] body, int length) {
            seen.add(new Seen("control" + opcode, length, new String(body, 0, length, StandardCharsets.ISO_8859_1)));
        }
    }

    private static byte[] payload(int length, long seed) {
        byte[] b = new byte[length];
        Random r = new Random(seed);
        for (int i = 0; i < length; i++) {
            b[i] = (byte) ('a' + r.nextInt(26));
        }
        return b;
    }

    private static String prefixOf(byte[] payload) {
        return new String(payload, 0, Math.min(16, payload.length), StandardCharsets.ISO_8859_1);
    }

    /** A stream of frames and what the scanner must report for it. */
    private static List<Seen> stream(FrameEncoder encoder, ByteArrayOutputStream out) {
        List<Seen> expected = new ArrayList<>();
        int[] lengths = {0, 1, 15, 16, 17, 125, 126, 127, 65535, 65536, 70000};
        for (int i = 0; i < lengths.length; i++) {
            byte[] p = payload(lengths[i], i);
            out.writeBytes(encoder.encode(Frame.binary(Bytes.copyOf(p, 0, p.length))));
            expected.add(new Seen("data2", p.length, prefixOf(p)));
            if (i == 3) {
                out.writeBytes(encoder.encode(Frame.ping(Bytes.utf8("are you there"))));
                expected.add(new Seen("control9", 13, "are you there"));
            }
        }
        // A fragmented text message with a pong between its fragments: one message, prefix across fragments.
        out.writeBytes(encoder.encode(Frame.of(dev.parley.wire.Opcode.TEXT, false, Bytes.utf8("0123456789"))));
        out.writeBytes(encoder.encode(Frame.pong(Bytes.EMPTY)));
        out.writeBytes(encoder.encode(Frame.continuation(Bytes.utf8("abcdefghij"), true)));
        expected.add(new Seen("control10", 0, ""));
        expected.add(new Seen("data1", 20, "0123456789abcdef"));
        out.writeBytes(encoder.encode(Frame.close(new CloseStatus(1000, "bye"))));
        expected.add(new Seen("control8", 5, "\u0003\u00e8bye"));
        return expected;
    }

    private static void check(FrameEncoder encoder) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Seen> expected = stream(encoder, out);
        byte[] wire = out.toByteArray();
        Random random = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            ServerFrameScanner scanner = new ServerFrameScanner(16);
            Recorder recorder = new Recorder();
            int at = 0;
            int maxChunk = trial < 20 ? 1 + trial : 1 + random.nextInt(trial < 100 ? 64 : 100_000);
            while (at < wire.length) {
                int n = Math.min(wire.length - at, 1 + random.nextInt(maxChunk));
                ByteBuffer chunk = ByteBuffer.allocateDirect(n);
                chunk.put(wire, at, n).flip();
                scanner.scan(chunk, recorder);
                assertEquals(0, chunk.remaining(), "a call consumes everything");
                at += n;
            }
            assertEquals(expected, recorder.seen, "chunks of at most " + maxChunk);
            assertTrue(scanner.atFrameBoundary());
        }
    }

    @Test
    void serverFramesInAnyChunking() {
        check(FrameEncoder.server());
    }

    @Test
    void maskedFramesAsTheFloorServerEchoesThem() {
        check(FrameEncoder.client(MaskKeys.fixed(Driver.MASK_KEY)));
        check(FrameEncoder.client(new Random(7)::nextInt));
    }

    @Test
    void payloadIsSkippedNotCopied() {
        byte[] p = payload(1000, 1);
        byte[] wire = FrameEncoder.server().encode(Frame.binary(Bytes.copyOf(p, 0, p.length)));
        ByteBuffer in = ByteBuffer.wrap(wire).asReadOnlyBuffer();
        Recorder recorder = new Recorder();
        new ServerFrameScanner(16).scan(in, recorder);
        assertEquals(List.of(new Seen("data2", 1000, prefixOf(p))), recorder.seen);
        assertTrue(Arrays.equals(wire, FrameEncoder.server().encode(Frame.binary(Bytes.copyOf(p, 0, p.length)))));
    }
}

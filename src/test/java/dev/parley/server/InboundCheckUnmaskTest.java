package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

import dev.parley.session.Limits;
import dev.parley.wire.Bytes;
import dev.parley.wire.CloseCode;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameEncoder;
import dev.parley.wire.MaskKeys;
import dev.parley.wire.Opcode;

/**
 * {@link InboundCheck#unmask} rewrites a client's masked stream, in whatever pieces it arrives, into one that a
 * frame parser accepting both masked and unmasked frames (as Tyrus's does) reads as the same frames; and it still
 * finds violations, passing on only the whole frames before them.
 */
class InboundCheckUnmaskTest {
    private static final Limits LIMITS = Limits.DEFAULTS.withMaxMessageBytes(200_000);
    private static final FrameEncoder CLIENT = FrameEncoder.client(MaskKeys.secure());

    @Test
    void everyChunkingGivesTheSameFramesMostOfThemUnmasked() {
        SplittableRandom random = new SplittableRandom(6455);
        List<Frame> frames = frames(random);
        byte[] wire = encode(frames);
        for (int run = 0; run < 300; run++) {
            int maxChunk = run < 20 ? 1 + run : 1 + random.nextInt(run < 150 ? 200 : 80_000);
            Rewritten out = feed(wire, random, maxChunk);
            assertEquals(frames, parse(out.bytes()), "max chunk " + maxChunk);
            if (maxChunk > 100) {
                assertTrue(out.unmaskedFrames() > frames.size() / 2, "few frames unmasked: " + out.unmaskedFrames());
            }
        }
    }

    @Test
    void checkOnlyLeavesTheBytesAlone() {
        byte[] wire = encode(frames(new SplittableRandom(1)));
        byte[] copy = wire.clone();
        assertNull(new InboundCheck(LIMITS).check(ByteBuffer.wrap(copy)));
        assertArrayEquals(wire, copy);
    }

    @Test
    void aViolationPassesOnOnlyTheWholeFramesBeforeIt() {
        List<Frame> valid = List.of(Frame.text("one"), Frame.binary(Bytes.of(new byte[300])), Frame.text("two"));
        byte[] good = encode(valid);
        byte[] bad = {(byte) 0x81, 0x03, 'b', 'a', 'd'}; // unmasked: 1002
        byte[] wire = Arrays.copyOf(good, good.length + bad.length);
        System.arraycopy(bad, 0, wire, good.length, bad.length);
        ByteBuffer buffer = ByteBuffer.wrap(wire);
        InboundCheck check = new InboundCheck(LIMITS);
        InboundCheck.Failure failure = check.unmask(buffer);
        assertNotNull(failure);
        assertEquals(CloseCode.PROTOCOL_ERROR, failure.violation().code());
        assertEquals(buffer.remaining(), failure.validBytes());
        byte[] passed = new byte[buffer.remaining()];
        buffer.get(passed);
        assertEquals(valid, parse(passed));
        assertTrue(check.failed());
    }

    private static List<Frame> frames(SplittableRandom random) {
        int[] sizes = {0, 1, 7, 125, 126, 127, 1000, 65_535, 65_536, 70_000};
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            byte[] payload = new byte[sizes[random.nextInt(sizes.length)]];
            random.nextBytes(payload);
            switch (random.nextInt(5)) {
                case 0 -> frames.add(Frame.text("grüße €" + i));
                case 1 -> frames.add(Frame.binary(Bytes.of(payload)));
                case 2 -> { // a fragmented message with a ping in the middle
                    frames.add(Frame.of(Opcode.BINARY, false, Bytes.of(payload)));
                    frames.add(Frame.ping(Bytes.of(new byte[random.nextInt(126)])));
                    frames.add(Frame.continuation(Bytes.of(payload), true));
                }
                case 3 -> frames.add(Frame.pong(Bytes.of((byte) i)));
                default -> frames.add(Frame.text("x".repeat(random.nextInt(300))));
            }
        }
        frames.add(Frame.close(new CloseStatus(1000, "bye")));
        return frames;
    }

    private static byte[] encode(List<Frame> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(frame -> out.writeBytes(CLIENT.encode(frame)));
        return out.toByteArray();
    }

    private record Rewritten(byte[] bytes, int unmaskedFrames) {
    }

    /** Feeds the stream in random pieces, each in its own array at a random offset, as Grizzly's reads would. */
    private static Rewritten feed(byte[] wire, SplittableRandom random, int maxChunk) {
        InboundCheck check = new InboundCheck(LIMITS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < wire.length; ) {
            int n = Math.min(wire.length - at, 1 + random.nextInt(maxChunk));
            int pad = random.nextInt(3);
            byte[] read = new byte[pad + n + pad];
            System.arraycopy(wire, at, read, pad, n);
            ByteBuffer buffer = ByteBuffer.wrap(read, pad, n).slice();
            assertNull(check.unmask(buffer));
            out.write(read, pad + buffer.position(), buffer.remaining());
            at += n;
        }
        byte[] bytes = out.toByteArray();
        return new Rewritten(bytes, countUnmasked(bytes));
    }

    private static int countUnmasked(byte[] bytes) {
        int count = 0;
        for (int at = 0; at < bytes.length; ) {
            Header h = Header.at(bytes, at);
            count += h.key == null ? 1 : 0;
            at = h.payloadStart + (int) h.length;
        }
        return count;
    }

    /** A lenient reader: masked or unmasked frames (what Tyrus accepts), no checks beyond the layout. */
    private static List<Frame> parse(byte[] bytes) {
        List<Frame> frames = new ArrayList<>();
        for (int at = 0; at < bytes.length; ) {
            Header h = Header.at(bytes, at);
            byte[] payload = Arrays.copyOfRange(bytes, h.payloadStart, h.payloadStart + (int) h.length);
            if (h.key != null) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= h.key[i & 3];
                }
            }
            frames.add(Frame.of(Opcode.of(bytes[at] & 0x0F), (bytes[at] & 0x80) != 0, Bytes.of(payload)));
            at = h.payloadStart + (int) h.length;
        }
        return frames;
    }

    private record Header(long length, byte[] key, int payloadStart) {
        static Header at(byte[] b, int at) {
            int len = b[at + 1] & 0x7F;
            int p = at + 2;
            long length = len;
            if (len == 126) {
                length = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
                p += 2;
            } else if (len == 127) {
                length = ByteBuffer.wrap(b, p, 8).getLong();
                p += 8;
            }
            byte[] key = null;
            if ((b[at + 1] & 0x80) != 0) {
                key = Arrays.copyOfRange(b, p, p + 4);
                p += 4;
            }
            return new Header(length, key, p);
        }
    }

    @Test
    void theTextSurvivesAsUtf8() {
        byte[] wire = CLIENT.encode(Frame.text("ünï €"));
        ByteBuffer buffer = ByteBuffer.wrap(wire);
        assertNull(new InboundCheck(LIMITS).unmask(buffer));
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        assertEquals(List.of(Frame.text("ünï €")), parse(out));
        assertEquals("ünï €", new String(out, 2, out.length - 2, StandardCharsets.UTF_8));
    }
    /** RFC 6455 §8.1: a text payload that is not valid UTF-8 fails the connection (1007), also in the unmasking mode. */
    @Test
    void badUtf8IsFoundInTheRewrittenPayload() {
        List<Frame> valid = List.of(Frame.text("one"), Frame.text("ünï €"));
        byte[] good = encode(valid);
        byte[] bad = CLIENT.encode(new Frame(true, false, false, false, Opcode.TEXT,
                Bytes.of(new byte[] {'o', 'k', (byte) 0xC3, 0x28})));
        byte[] wire = Arrays.copyOf(good, good.length + bad.length);
        System.arraycopy(bad, 0, wire, good.length, bad.length);
        ByteBuffer buffer = ByteBuffer.wrap(wire);
        InboundCheck.Failure failure = new InboundCheck(LIMITS).unmask(buffer);
        assertNotNull(failure);
        assertEquals(CloseCode.INVALID_PAYLOAD_DATA, failure.violation().code());
        assertEquals(buffer.remaining(), failure.validBytes());
        byte[] passed = new byte[buffer.remaining()];
        buffer.get(passed);
        assertEquals(valid, parse(passed));
    }
}

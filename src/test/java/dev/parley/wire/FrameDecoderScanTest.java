package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FrameDecoder#scan}, the permissive mode: every frame is announced as it was on the wire, each broken rule is
 * an event with the very violation a strict decoder throws, and the frame after a bad one is still found. Each stream
 * is fed whole, one byte at a time and in chunks of 7.
 */
class FrameDecoderScanTest {
    private static final byte[] GOOD = RawFrames.frame(0x81).payload(utf8("good")).build();
    private static final List<String> GOOD_EVENTS = List.of("TEXT fin rsv=0 masked len=4/0", "payload 676f6f64",
            "end TEXT");

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** What the listener heard: one line per header, violation and frame end; a frame's payload chunks joined. */
    private static final class Events implements ScanListener {
        final List<String> lines = new ArrayList<>();
        private final StringBuilder payload = new StringBuilder();

        @Override
        public void onHeader(WireHeader header) {
            lines.add(name(header) + (header.fin() ? " fin" : " more") + " rsv=" + Integer.toHexString(header.rsvBits())
                    + (header.masked() ? " masked" : " unmasked") + " len=" + header.length() + "/"
                    + header.lengthBytes());
        }

        @Override
        public void onViolation(ProtocolViolation violation) {
            flushPayload();
            lines.add("!! " + violation.code().code() + " " + violation.reason());
        }

        @Override
        public void onPayload(ByteBuffer chunk) {
            byte[] bytes = new byte[chunk.remaining()];
            chunk.get(bytes);
            payload.append(HexFormat.of().formatHex(bytes));
        }

        @Override
        public void onFrameEnd(WireHeader header) {
            flushPayload();
            lines.add("end " + name(header));
        }

        private void flushPayload() {
            if (payload.length() > 0) {
                lines.add("payload " + payload);
                payload.setLength(0);
            }
        }

        private static String name(WireHeader header) {
            return header.knownOpcode().map(Opcode::name).orElse("OP" + Integer.toHexString(header.opcode()));
        }
    }

    private static List<String> scan(Role role, byte[] bytes, int chunk) {
        FrameDecoder decoder = new FrameDecoder(new FrameRules(role, 1 << 20, 0));
        Events events = new Events();
        for (int at = 0; at < bytes.length; at += chunk) {
            ByteBuffer in = ByteBuffer.wrap(bytes, at, Math.min(chunk, bytes.length - at)).asReadOnlyBuffer();
            decoder.scan(in, events);
            assertEquals(0, in.remaining(), "a call reads everything");
        }
        assertEquals(FrameDecoder.State.FIRST_BYTE, decoder.state());
        return events.lines;
    }

    private static void assertScans(Role role, byte[] bytes, List<String> expected) {
        for (int chunk : new int[] {bytes.length, 1, 7}) {
            assertEquals(expected, scan(role, bytes, chunk), "chunks of " + chunk);
        }
    }

    /** The violation a strict decoder throws for {@code bytes}: the one scan must report. */
    private static String strict(Role role, byte[] bytes) {
        FrameDecoder decoder = new FrameDecoder(new FrameRules(role, 1 << 20, 0));
        ProtocolViolation violation = assertThrows(ProtocolViolation.class,
                () -> Feed.whole(decoder, bytes));
        return "!! " + violation.code().code() + " " + violation.reason();
    }

    private static List<String> with(List<String> frame) {
        List<String> all = new ArrayList<>(frame);
        all.addAll(GOOD_EVENTS);
        return all;
    }

    @Test
    void validTrafficIsAnnouncedAsSentWithNoViolation() {
        byte[] stream = RawFrames.concat(
                RawFrames.frame(false, 0, 0x1).payload(utf8("Hel")).build(),
                RawFrames.frame(0x89).payload(utf8("ping")).build(),
                RawFrames.frame(true, 0, 0x0).payload(utf8("lo")).build(),
                RawFrames.frame(0x82).payload(new byte[126]).build(),
                RawFrames.frame(0x88).payload(HexFormat.of().parseHex("03e8")).build());
        assertScans(Role.SERVER, stream, List.of(
                "TEXT more rsv=0 masked len=3/0", "payload 48656c", "end TEXT",
                "PING fin rsv=0 masked len=4/0", "payload 70696e67", "end PING",
                "CONTINUATION fin rsv=0 masked len=2/0", "payload 6c6f", "end CONTINUATION",
                "BINARY fin rsv=0 masked len=126/2", "payload " + "00".repeat(126), "end BINARY",
                "CLOSE fin rsv=0 masked len=2/0", "payload 03e8", "end CLOSE"));
    }

    @ParameterizedTest(name = "violation {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void eachHeaderViolationIsTheStrictOneAndTheNextFrameIsFound(int which) {
        byte[][] bad = {
            RawFrames.frame(0x81).unmasked().payload(utf8("bare")).build(),
            RawFrames.frame(true, 4, 0x1).payload(utf8("rsv1")).build(),
            RawFrames.frame(true, 0, 0x3).payload(utf8("op3")).build(),
            RawFrames.frame(false, 0, 0x9).payload(utf8("frag")).build(),
            RawFrames.frame(0x89).payload(new byte[126]).build(),
            RawFrames.frame(0x81).lengthBytes(2).payload(utf8("long")).build(),
            RawFrames.frame(0x82).payload(new byte[(1 << 20) + 1]).build(),
        };
        String[] headers = {
            "TEXT fin rsv=0 unmasked len=4/0", "TEXT fin rsv=40 masked len=4/0", "OP3 fin rsv=0 masked len=3/0",
            "PING more rsv=0 masked len=4/0", "PING fin rsv=0 masked len=126/2", "TEXT fin rsv=0 masked len=4/2",
            "BINARY fin rsv=0 masked len=1048577/8",
        };
        byte[] frame = bad[which];
        List<String> events = scan(Role.SERVER, RawFrames.concat(frame, GOOD), 1);
        String violation = strict(Role.SERVER, frame);
        assertEquals(List.of(headers[which], violation), events.subList(0, 2));
        assertEquals(GOOD_EVENTS, events.subList(events.size() - 3, events.size()));
        assertEquals(events, scan(Role.SERVER, RawFrames.concat(frame, GOOD), 7));
        assertEquals(events, scan(Role.SERVER, RawFrames.concat(frame, GOOD), frame.length + GOOD.length));
    }

    @Test
    void theViolationsAreTheRulesOwnWords() {
        assertScans(Role.SERVER, RawFrames.concat(RawFrames.frame(0x81).unmasked().payload(utf8("bare")).build(), GOOD),
                with(List.of("TEXT fin rsv=0 unmasked len=4/0", "!! 1002 client frame not masked", "payload 62617265",
                        "end TEXT")));
        assertScans(Role.SERVER, RawFrames.concat(RawFrames.frame(true, 0, 0xB).build(), GOOD),
                with(List.of("OPb fin rsv=0 masked len=0/0", "!! 1002 reserved opcode 0xb", "end OPb")));
    }

    @Test
    void closeBodiesAreCheckedEvenAfterAHeaderViolation() {
        byte[] code1004 = RawFrames.frame(0x88).payload(HexFormat.of().parseHex("03ec")).build();
        assertScans(Role.SERVER, RawFrames.concat(code1004, GOOD), with(List.of("CLOSE fin rsv=0 masked len=2/0",
                "payload 03ec", "!! 1002 invalid close code 1004", "end CLOSE")));
        byte[] oneByte = RawFrames.frame(true, 1, 0x8).payload(new byte[] {3}).build();
        assertScans(Role.SERVER, RawFrames.concat(oneByte, GOOD), with(List.of("CLOSE fin rsv=10 masked len=1/0",
                strict(Role.SERVER, oneByte), "payload 03", strict(Role.SERVER, RawFrames.frame(0x88).payload(
                        new byte[] {3}).build()), "end CLOSE")));
    }

    @Test
    void aMaskedServerFrameIsReportedAndUnmasked() {
        byte[] masked = RawFrames.frame(0x82).payload(HexFormat.of().parseHex("0102")).build();
        byte[] plain = RawFrames.frame(0x82).unmasked().payload(HexFormat.of().parseHex("0304")).build();
        assertScans(Role.CLIENT, RawFrames.concat(masked, plain), List.of(
                "BINARY fin rsv=0 masked len=2/0", "!! 1002 server frame masked", "payload 0102", "end BINARY",
                "BINARY fin rsv=0 unmasked len=2/0", "payload 0304", "end BINARY"));
    }

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 7, 100})
    void aLengthWithTheTopBitSetIsThrownAfterItsHeader(int chunk) {
        byte[] bytes = RawFrames.concat(GOOD, HexFormat.of().parseHex("82ff8000000000000000" + "37fa213d"), GOOD);
        FrameDecoder decoder = FrameDecoder.server(1 << 20);
        Events events = new Events();
        ProtocolViolation thrown = null;
        for (int at = 0; at < bytes.length && thrown == null; at += chunk) {
            ByteBuffer in = ByteBuffer.wrap(bytes, at, Math.min(chunk, bytes.length - at));
            try {
                decoder.scan(in, events);
            } catch (ProtocolViolation e) {
                thrown = e;
            }
        }
        List<String> expected = new ArrayList<>(GOOD_EVENTS);
        expected.add("BINARY fin rsv=0 masked len=-9223372036854775808/8");
        assertEquals(expected, events.lines);
        assertEquals("64-bit length with the top bit set", thrown.reason());
        assertEquals(FrameDecoder.State.FAILED, decoder.state());
        ProtocolViolation again = assertThrows(ProtocolViolation.class,
                () -> decoder.scan(ByteBuffer.wrap(GOOD), events));
        assertSame(thrown, again);
    }

    @Test
    void aDecoderKeepsToOneMode() {
        FrameDecoder scanning = FrameDecoder.server(1 << 20);
        scanning.scan(ByteBuffer.wrap(GOOD), new Events());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> scanning.decode(ByteBuffer.wrap(GOOD)));
        assertEquals("this decoder is used with scan()", e.getMessage());
        FrameDecoder decoding = FrameDecoder.server(1 << 20);
        decoding.decode(ByteBuffer.wrap(GOOD));
        assertThrows(IllegalStateException.class, () -> decoding.scan(ByteBuffer.wrap(GOOD), new Events()));
    }
}

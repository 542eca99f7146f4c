package dev.parley.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.parley.conformance.RawFrame;

/**
 * One direction's inspector fed bytes directly, in chunks of every size from 1 byte up: each kind of violation is
 * flagged with the codec's close code, and the frame after it is still found and decoded.
 */
class DirectionInspectorTest {
    private static final byte[] REQUEST = ("GET /echo HTTP/1.1\r\nHost: example\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] GOOD = RawFrame.of(0x81).payloadText("good").build();

    private final List<InspectEvent> events = new ArrayList<>();

    private void feed(Direction direction, byte[] bytes, int chunk) throws InterruptedException {
        Upgrade upgrade = new Upgrade();
        upgrade.decide(true, 0);
        DirectionInspector inspector = new DirectionInspector(1, direction, upgrade, 16, events::add);
        for (int at = 0; at < bytes.length; at += chunk) {
            inspector.accept(bytes, at, Math.min(chunk, bytes.length - at));
        }
        inspector.end();
    }

    /** The events as short strings: {@code TEXT "good"}, {@code !! 1002 client frame not masked}. */
    private List<String> summary() {
        List<String> lines = new ArrayList<>();
        for (InspectEvent event : events) {
            if (event instanceof InspectEvent.FrameSeen frame) {
                lines.add(frame.opcode() + (frame.masked() ? "" : " unmasked") + " " + frame.preview());
            } else if (event instanceof InspectEvent.Violation violation) {
                lines.add("!! " + violation.closeCode() + " " + violation.reason());
            } else if (event instanceof InspectEvent.Head head) {
                lines.add(head.startLine());
            } else if (event instanceof InspectEvent.Note note) {
                lines.add("-- " + note.text());
            }
        }
        return lines;
    }

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 7, 64, 4096})
    void everyClientViolationIsFlaggedAndTheNextFrameStillDecoded(int chunk) throws Exception {
        byte[] stream = RawFrame.concat(REQUEST,
                RawFrame.of(0x81).unmasked().payloadText("bare").build(), GOOD,
                RawFrame.of(0x81).lengthBytes(2).payloadText("long").build(), GOOD,
                RawFrame.of(0x81).payloadHex("48c0af").build(), GOOD,
                RawFrame.of(0x89).payload(new byte[126]).build(), GOOD,
                RawFrame.of(0x88).closeBody(1004, new byte[0]).build(), GOOD,
                RawFrame.of(0x88).closeBody(1000, "r".repeat(124).getBytes(StandardCharsets.UTF_8)).build(), GOOD,
                RawFrame.of(true, 0, 0x3).build(), GOOD,
                RawFrame.of(false, 0, 0x1).payloadText("frag").build(), GOOD,
                RawFrame.of(true, 0, 0x0).payloadText("orphan").build(), GOOD);
        feed(Direction.CLIENT_TO_SERVER, stream, chunk);
        assertEquals(List.of(
                "GET /echo HTTP/1.1",
                "TEXT unmasked bare", "!! 1002 client frame not masked", "TEXT good",
                "TEXT long", "!! 1002 length 4 not minimally encoded", "TEXT good",
                "TEXT H\uFFFD\uFFFD", "!! 1007 invalid UTF-8 at byte 1", "TEXT good",
                "PING " + "00".repeat(16) + "…", "!! 1002 PING payload over 125 bytes", "TEXT good",
                "CLOSE 1004", "!! 1002 invalid close code 1004", "TEXT good",
                "CLOSE 1000 " + "r".repeat(123) + "…",
                "!! 1002 CLOSE payload over 125 bytes (a close reason of 124 bytes; at most 123 fit)", "TEXT good",
                "OP3 ", "!! 1002 reserved opcode 0x3", "TEXT good",
                "TEXT frag", "TEXT good", "!! 1002 TEXT frame inside a fragmented message",
                "CONTINUATION orphan", "!! 1002 continuation frame without a message", "TEXT good"), summary());
    }

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 5, 4096})
    void aMaskedServerFrameIsFlagged(int chunk) throws Exception {
        byte[] response = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        feed(Direction.SERVER_TO_CLIENT, RawFrame.concat(response,
                RawFrame.of(0x82).payloadHex("0102").build(), RawFrame.of(0x82).unmasked().payloadHex("0304").build()),
                chunk);
        assertEquals(List.of("HTTP/1.1 101 Switching Protocols", "BINARY 0102", "!! 1002 server frame masked",
                "BINARY unmasked 0304"), summary());
        InspectEvent.FrameSeen masked = (InspectEvent.FrameSeen) events.get(1);
        assertEquals(String.format("%08x", RawFrame.KEY), masked.maskKey());
    }

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 4096})
    void aLengthWithTheTopBitSetEndsDecodingOnce(int chunk) throws Exception {
        byte[] topBit = HexFormat.of().parseHex("82ff8000000000000000" + "37fa213d");
        feed(Direction.CLIENT_TO_SERVER, RawFrame.concat(REQUEST, GOOD, topBit, GOOD, GOOD), chunk);
        List<String> lines = summary();
        assertEquals(List.of("GET /echo HTTP/1.1", "TEXT good", "BINARY ", "!! 1002 64-bit length with the top bit set",
                "-- the next frame cannot be found (a length with the top bit set): "
                        + "not decoded further, still forwarded"),
                lines);
    }

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 4096})
    void plainHttpIsShownAndNotDecoded(int chunk) throws Exception {
        feed(Direction.CLIENT_TO_SERVER, "GET / HTTP/1.1\r\nHost: example\r\n\r\nGET /x HTTP/1.1\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1), chunk);
        assertEquals(List.of("GET / HTTP/1.1", "-- plain HTTP, not a WebSocket upgrade: not decoded further, "
                + "still forwarded"), summary());
    }

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 4096})
    void aFrameCutShortIsReportedWithWhatArrived(int chunk) throws Exception {
        byte[] frame = RawFrame.of(0x82).payload(new byte[300]).build();
        byte[] cut = java.util.Arrays.copyOf(frame, 2 + 2 + 4 + 10);
        feed(Direction.CLIENT_TO_SERVER, RawFrame.concat(REQUEST, cut), chunk);
        InspectEvent.FrameSeen seen = (InspectEvent.FrameSeen) events.get(1);
        assertEquals(300, seen.length());
        assertEquals(10, seen.received());
        assertTrue(!seen.complete() && seen.preview().equals("00".repeat(10) + "…"), seen.toString());
    }
}

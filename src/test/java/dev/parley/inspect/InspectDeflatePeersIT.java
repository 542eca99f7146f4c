package dev.parley.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.parley.client.DeflateHandshake;
import dev.parley.client.DeflatePeer;
import dev.parley.client.DeflateSession;
import dev.parley.client.RawClient;
import dev.parley.wire.Bytes;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.Frame;
import dev.parley.wire.HttpHeaders;
import dev.parley.wire.MaskKeys;
import dev.parley.wire.Opcode;

/**
 * {@code parley inspect} between Parley's deflating client and real permessage-deflate servers: RSV1 on the first
 * frame of each compressed message, and each message inflated by the proxy's per-direction inflater, both ways; bad
 * deflate data reported as a violation while the bytes still pass.
 */
class InspectDeflatePeersIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final BlockingQueue<InspectEvent> events = new LinkedBlockingQueue<>();

    @ParameterizedTest
    @EnumSource(DeflatePeer.Kind.class)
    void showsRsv1AndTheInflatedMessagesBothWays(DeflatePeer.Kind kind) throws Exception {
        String text = "hello hello hello, compressed";
        try (DeflatePeer peer = DeflatePeer.start(kind);
                InspectorProxy proxy = InspectorProxy.start(new InetSocketAddress("127.0.0.1", 0),
                        new InetSocketAddress("127.0.0.1", peer.port()), 64, events::add)) {
            URI through = URI.create("ws://127.0.0.1:" + proxy.port() + "/fragments");
            try (DeflateSession session = DeflateSession.connect(through, WAIT, HttpHeaders.EMPTY, 1 << 20)) {
                session.sendText(text, 8); // compressed, then cut into 8-byte frames
                assertEquals(text, session.receive().text());
                session.send(Opcode.BINARY, new byte[] {1, 2, 3}, 0);
                assertEquals(3, session.receive().data().length);
                session.sendClose(new CloseStatus(1000, ""));
                assertEquals(1000, session.receive().closeStatus().code());
            }
            List<InspectEvent> seen = eventsUntil(InspectEvent.Closed.class::isInstance);
            for (Direction direction : Direction.values()) {
                List<InspectEvent.FrameSeen> frames = seen.stream().filter(InspectEvent.FrameSeen.class::isInstance)
                        .map(InspectEvent.FrameSeen.class::cast).filter(f -> f.direction() == direction)
                        .filter(f -> !f.opcode().equals("CLOSE")).toList();
                // RSV1 (rsv=100) on the first frame of each message, never on its continuations (RFC 7692 §6.1)
                assertEquals("TEXT", frames.get(0).opcode(), seen.toString());
                assertEquals(4, frames.get(0).rsv(), seen.toString());
                assertTrue(frames.size() > 2, "fragmented both ways: " + seen);
                frames.stream().filter(f -> f.opcode().equals("CONTINUATION"))
                        .forEach(f -> assertEquals(0, f.rsv(), seen.toString()));
                List<InspectEvent.Inflated> inflated = seen.stream().filter(InspectEvent.Inflated.class::isInstance)
                        .map(InspectEvent.Inflated.class::cast).filter(i -> i.direction() == direction).toList();
                assertEquals(2, inflated.size(), seen.toString());
                assertEquals(text, inflated.get(0).preview());
                assertEquals(text.length(), inflated.get(0).length());
                assertEquals(InspectEvent.PreviewKind.HEX, inflated.get(1).previewKind());
                assertEquals("010203", inflated.get(1).preview());
            }
            assertTrue(seen.stream().noneMatch(InspectEvent.Violation.class::isInstance), seen.toString());
            assertTrue(seen.stream().map(e -> String.join("\n", EventFormat.text(e))).anyMatch(
                    line -> line.contains("c>s inflated len=" + text.length() + " \"" + text + "\"")), seen.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(DeflatePeer.Kind.class)
    void badDeflateDataIsReportedNotThrownAndStillForwarded(DeflatePeer.Kind kind) throws Exception {
        try (DeflatePeer peer = DeflatePeer.start(kind);
                InspectorProxy proxy = InspectorProxy.start(new InetSocketAddress("127.0.0.1", 0),
                        new InetSocketAddress("127.0.0.1", peer.port()), 64, events::add)) {
            URI through = URI.create("ws://127.0.0.1:" + proxy.port() + "/echo");
            try (RawClient raw = RawClient.connect(through, WAIT, MaskKeys.secure(), DeflateHandshake.offer())) {
                // BTYPE 11 is reserved (RFC 1951 §3.2.3): "an error"
                raw.send(new Frame(true, true, false, false, Opcode.TEXT, Bytes.of((byte) 0xff, (byte) 0xff)));
                Frame answer = raw.read().frame();
                assertEquals(Opcode.CLOSE, answer.opcode());
                // ws answers 1007; Debian's python3-websockets 10.4 answers 1002 (its inflate error is a protocol error)
                int expected = kind == DeflatePeer.Kind.NODE_WS ? 1007 : 1002;
                assertEquals(expected, answer.closeStatus().code(), kind + "'s answer to bad deflate data");
            }
            List<InspectEvent> seen = eventsUntil(e -> e instanceof InspectEvent.Violation v && v.closeCode() == 1007);
            InspectEvent.Violation violation = (InspectEvent.Violation) seen.get(seen.size() - 1);
            assertEquals(Direction.CLIENT_TO_SERVER, violation.direction());
            assertTrue(violation.reason().startsWith("permessage-deflate: invalid deflate data"), violation.reason());
        }
    }

    private List<InspectEvent> eventsUntil(Predicate<InspectEvent> last) throws InterruptedException {
        List<InspectEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            InspectEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event != null) {
                seen.add(event);
                if (last.test(event)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("not seen in time; got " + seen);
    }
}

package dev.parley.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.parley.wire.CloseStatus;
import dev.parley.wire.HttpHeaders;
import dev.parley.wire.Opcode;

/**
 * {@link DeflateSession} (the client of {@code parley client --deflate}) against real servers that speak
 * permessage-deflate ({@link DeflatePeer.Kind}; Parley's own joins the list once its server negotiates it): the
 * negotiation, then an echo of 0 B to 1 MiB, text and binary, compressible and not, in one frame and fragmented both
 * ways, every answer compressed (RSV1) and equal to what was sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeflateEchoPeersIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long CAP = 2L << 20;
    private static final int[] SIZES = {0, 1, 125, 126, 65_535, 65_536, 100_000, 1 << 20};

    private final Map<DeflatePeer.Kind, DeflatePeer> peers = new EnumMap<>(DeflatePeer.Kind.class);

    @BeforeAll
    void startPeers() {
        for (DeflatePeer.Kind kind : DeflatePeer.Kind.values()) {
            peers.put(kind, DeflatePeer.start(kind));
        }
    }

    @AfterAll
    void stopPeers() {
        peers.values().forEach(DeflatePeer::close);
    }

    Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (DeflatePeer.Kind kind : DeflatePeer.Kind.values()) {
            for (boolean fragmented : new boolean[] {false, true}) {
                cases.add(Arguments.of(kind, fragmented));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, fragmented {1}")
    @MethodSource("cases")
    void echoesEverySizeCompressedBothWays(DeflatePeer.Kind kind, boolean fragmented) throws Exception {
        DeflatePeer peer = peers.get(kind);
        try (DeflateSession session = DeflateSession.connect(peer.uri(fragmented ? "/fragments" : "/echo"), TIMEOUT,
                HttpHeaders.EMPTY, CAP)) {
            assertTrue(session.parameters().isPresent(), peer.banner() + " did not accept permessage-deflate");
            SplittableRandom random = new SplittableRandom(18);
            for (int size : SIZES) {
                for (Opcode opcode : new Opcode[] {Opcode.TEXT, Opcode.BINARY}) {
                    byte[] message = opcode == Opcode.TEXT ? text(size, random) : noise(size, random);
                    long sent = session.send(opcode, message, fragmented ? 1000 : 0);
                    DeflateSession.Message echo = session.receive();
                    String what = kind + " " + opcode + " " + size + " B";
                    assertEquals(opcode, echo.opcode(), what);
                    assertArrayEquals(message, echo.data(), what);
                    assertTrue(echo.compressed(), what + ": the answer came without RSV1");
                    assertTrue(sent > 0 && echo.wireBytes() > 0, what);
                    if (opcode == Opcode.TEXT && size >= 65_536) {
                        // words from a small vocabulary compress well: the wire carries far less than the message
                        assertTrue(sent < size / 2 && echo.wireBytes() < size / 2,
                                what + ": " + sent + " B sent, " + echo.wireBytes() + " B received");
                    }
                }
            }
            session.sendClose(new CloseStatus(1000, ""));
            assertEquals(1000, session.receive().closeStatus().code());
        }
    }

    @ParameterizedTest
    @EnumSource(DeflatePeer.Kind.class)
    void aMessageOverTheCapClosesWith1009(DeflatePeer.Kind kind) throws Exception {
        try (DeflateSession session = DeflateSession.connect(peers.get(kind).uri("/echo"), TIMEOUT, HttpHeaders.EMPTY,
                10_000)) {
            session.send(Opcode.BINARY, new byte[10_001], 0); // zeros: a few dozen compressed bytes each way
            dev.parley.wire.ProtocolViolation violation = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.parley.wire.ProtocolViolation.class, session::receive);
            assertEquals(1009, violation.code().code());
        }
    }

    /** Words of a small vocabulary, as chat text is: compressible. */
    static byte[] text(int size, SplittableRandom random) {
        String[] words = {"parley ", "deflate ", "message ", "wire ", "frame ", "échange ", "κείμενο ", "\n"};
        StringBuilder text = new StringBuilder(size + 16);
        while (text.length() < size) {
            text.append(words[random.nextInt(words.length)]);
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        // cut to size at a character boundary (not before a continuation byte 10xxxxxx), padding with ASCII
        int end = size;
        while (end > 0 && end < bytes.length && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        byte[] out = new byte[size];
        System.arraycopy(bytes, 0, out, 0, end);
        java.util.Arrays.fill(out, end, size, (byte) ' ');
        return out;
    }

    /** Random bytes: incompressible, so the deflater falls back to stored blocks. */
    static byte[] noise(int size, SplittableRandom random) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }
}

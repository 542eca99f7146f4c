package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.parley.client.RawClient;
import dev.parley.wire.Bytes;
import dev.parley.wire.CloseCode;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.DeflateParameters;
import dev.parley.wire.Frame;
import dev.parley.wire.HttpHeaders;
import dev.parley.wire.Opcode;

/**
 * permessage-deflate on the embedded server (RFC 7692), with a raw socket speaking the project's codec: the answer to
 * each kind of offer, echoes of compressed messages of every size whole and fragmented, and the close codes of the
 * rules (RSV1 without the extension or on a continuation: 1002; data that does not inflate, text that is not UTF-8 once
 * inflated: 1007; a message inflating past the cap: 1009, counted in {@code /metrics}).
 */
class DeflateIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ASKED = "permessage-deflate; server_no_context_takeover; client_no_context_takeover";

    @RegisterExtension
    static final RunningServer server = new RunningServer(config -> config.withDeflate(
            config.deflate().withOn(true)));

    @RegisterExtension
    static final RunningServer off = new RunningServer(config -> config.withDeflate(config.deflate().withOn(false)));

    static Stream<Arguments> offers() {
        return Stream.of(
                Arguments.of(new String[] {"permessage-deflate"}, ASKED),
                Arguments.of(new String[] {"permessage-deflate; client_max_window_bits"}, ASKED),
                Arguments.of(new String[] {"permessage-deflate; client_max_window_bits=10"},
                        ASKED + "; client_max_window_bits=10"),
                Arguments.of(new String[] {"permessage-deflate; client_max_window_bits=\"12\""},
                        ASKED + "; client_max_window_bits=12"),
                Arguments.of(new String[] {"permessage-deflate; server_max_window_bits=15"},
                        ASKED + "; server_max_window_bits=15"),
                Arguments.of(new String[] {"permessage-deflate; server_max_window_bits=10"}, null),
                Arguments.of(new String[] {"permessage-deflate; server_max_window_bits=10, permessage-deflate"},
                        ASKED),
                Arguments.of(new String[] {"permessage-deflate; server_no_context_takeover; "
                        + "client_no_context_takeover"}, ASKED),
                Arguments.of(new String[] {"permessage-deflate; mystery"}, null),
                Arguments.of(new String[] {"permessage-deflate; mystery", "permessage-deflate"}, ASKED),
                Arguments.of(new String[] {"x-webkit-deflate-frame"}, null),
                Arguments.of(new String[] {"foo, permessage-deflate; client_max_window_bits"}, ASKED));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("offers")
    void theAnswerNamesExactlyWhatIsInForce(String[] offers, String expected) throws IOException {
        HttpHeaders headers = HttpHeaders.EMPTY;
        for (String offer : offers) {
            headers = headers.with("Sec-WebSocket-Extensions", offer);
        }
        var response = RawClient.tryUpgrade(server.ws("/echo"), headers, WAIT);
        assertEquals(101, response.status());
        assertEquals(Optional.ofNullable(expected), response.headers().first("Sec-WebSocket-Extensions"));
        assertEquals(expected == null ? 0 : 1, response.headers().all("Sec-WebSocket-Extensions").size());
    }

    @Test
    void theHeaderNameIsReadWithoutCase() throws IOException {
        var response = RawClient.tryUpgrade(server.ws("/echo"),
                HttpHeaders.of("sec-websocket-extensions", "permessage-deflate"), WAIT);
        assertEquals(Optional.of(ASKED), response.headers().first("Sec-WebSocket-Extensions"));
    }

    @Test
    void withDeflateOffNothingIsNegotiated() throws IOException {
        var response = RawClient.tryUpgrade(off.ws("/echo"),
                HttpHeaders.of("Sec-WebSocket-Extensions", "permessage-deflate"), WAIT);
        assertEquals(101, response.status());
        assertEquals(Optional.empty(), response.headers().first("Sec-WebSocket-Extensions"));
    }

    @Test
    void compressedMessagesOfEverySizeAreEchoedWholeAndFragmented() throws IOException {
        Random random = new Random(7692);
        try (DeflateSocket client = DeflateSocket.connect(server.ws("/echo"), "permessage-deflate")) {
            assertTrue(client.parameters.isPresent());
            for (int size : new int[] {0, 1, 125, 126, 16_384, 65_535, 65_536, 300_000, 1 << 20}) {
                for (int fragments : new int[] {1, 7}) {
                    byte[] text = text(random, size);
                    client.send(Opcode.TEXT, text, true, fragments);
                    DeflateSocket.Received echo = client.read();
                    assertEquals(Opcode.TEXT, echo.opcode());
                    assertArrayEquals(text, echo.payload(), "text of " + size + " in " + fragments);
                    byte[] binary = new byte[size];
                    random.nextBytes(binary);
                    client.send(Opcode.BINARY, binary, true, fragments);
                    echo = client.read();
                    assertEquals(Opcode.BINARY, echo.opcode());
                    assertArrayEquals(binary, echo.payload(), "binary of " + size + " in " + fragments);
                }
            }
            byte[] plain = "not compressed on a deflate connection".getBytes(StandardCharsets.UTF_8);
            client.send(Opcode.TEXT, plain, false, 2);
            assertArrayEquals(plain, client.read().payload());
        }
    }

    @Test
    void theOutboundSideFindsASessionsParameters() throws IOException {
        assertTrue(Deflation.available(), "Tyrus's connections are reachable from a session");
        try (DeflateSocket client = DeflateSocket.connect(server.ws("/echo"), "permessage-deflate; "
                + "client_max_window_bits=11")) {
            client.send(Opcode.TEXT, "hi".getBytes(StandardCharsets.UTF_8), true, 1);
            assertEquals("hi", client.read().text()); // the server's session is open
            DeflateParameters seen = client.parameters.orElseThrow();
            assertEquals(11, seen.clientMaxWindowBits());
            assertTrue(server.server().app().sessions().all().stream().map(Deflation::of).flatMap(Optional::stream)
                    .anyMatch(p -> p.clientMaxWindowBits() == 11 && p.clientNoContextTakeover()
                            && p.serverNoContextTakeover() == seen.serverNoContextTakeover()),
                    "no session with " + seen);
        }
        try (DeflateSocket client = DeflateSocket.connect(off.ws("/echo"), "permessage-deflate")) {
            client.send(Opcode.TEXT, "hi".getBytes(StandardCharsets.UTF_8), false, 1);
            assertEquals("hi", client.read().text());
            var sessions = off.server().app().sessions().all();
            assertTrue(!sessions.isEmpty() && sessions.stream().map(Deflation::of).allMatch(Optional::isEmpty));
        }
    }

    @Test
    void rsv1WithoutTheExtensionIs1002() throws IOException {
        try (DeflateSocket client = DeflateSocket.connect(server.ws("/echo"))) {
            client.sendRaw(client.encoder().encode(new Frame(true, true, false, false, Opcode.TEXT,
                    Bytes.of(new byte[] {(byte) 0xf2, 0x48, (byte) 0xcd, (byte) 0xc9, (byte) 0xc9, 0x07, 0x00}))));
            assertClose(client, CloseCode.PROTOCOL_ERROR);
        }
    }

    @Test
    void rsv1OnAContinuationIs1002() throws IOException {
        try (DeflateSocket client = DeflateSocket.connect(server.ws("/echo"), "permessage-deflate")) {
            byte[] compressed = client.deflate("Hello".getBytes(StandardCharsets.UTF_8));
            client.sendRaw(client.encoder().encode(new Frame(false, true, false, false, Opcode.TEXT,
                    Bytes.of(compressed))));
            client.sendRaw(client.encoder().encode(new Frame(true, true, false, false, Opcode.CONTINUATION,
                    Bytes.EMPTY)));
            assertClose(client, CloseCode.PROTOCOL_ERROR);
        }
    }

    @Test
    void dataThatDoesNotInflateIs1007() throws IOException {
        try (DeflateSocket client = DeflateSocket.connect(server.ws("/echo"), "permessage-deflate")) {
            client.sendRaw(client.encoder().encode(new Frame(true, true, false, false, Opcode.BINARY,
                    Bytes.of(new byte[] {0x07, 0x00})))); // BTYPE 11: reserved (RFC 1951 §3.2.3)
            assertClose(client, CloseCode.INVALID_PAYLOAD_DATA);
        }
    }

    @Test
    void inflatedTextThatIsNotUtf8Is1007() throws IOException {
        try (DeflateSocket client = DeflateSocket.connect(server.ws("/echo"), "permessage-deflate")) {
            client.send(Opcode.TEXT, new byte[] {'o', 'k', (byte) 0xed, (byte) 0xa0, (byte) 0x80}, true, 1);
            assertClose(client, CloseCode.INVALID_PAYLOAD_DATA);
        }
    }

    @Test
    void aMessageInflatingPastTheCapIs1009AndCounted() throws Exception {
        long before = counted1009();
        try (DeflateSocket client = DeflateSocket.connect(server.ws("/echo"), "permessage-deflate")) {
            client.send(Opcode.BINARY, new byte[(1 << 20) + 1], true, 1);
            assertClose(client, CloseCode.MESSAGE_TOO_BIG);
        }
        assertEquals(before + 1, counted1009());
        try (DeflateSocket client = DeflateSocket.connect(server.ws("/echo"), "permessage-deflate")) {
            client.send(Opcode.TEXT, "still here".getBytes(StandardCharsets.UTF_8), true, 1);
            assertEquals("still here", client.read().text());
        }
    }

    private static long counted1009() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String metrics = http.send(HttpRequest.newBuilder(server.http("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("parley_protocol_violations_total{code=\"1009\"}"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static void assertClose(DeflateSocket client, CloseCode code) throws IOException {
        DeflateSocket.Received received = client.read();
        assertEquals(Opcode.CLOSE, received.opcode());
        assertEquals(code.code(), CloseStatus.parse(Bytes.of(received.payload())).code());
    }

    private static byte[] text(Random random, int size) {
        byte[] text = new byte[size];
        for (int i = 0; i < size; i++) {
            text[i] = (byte) (random.nextInt(6) == 0 ? 'a' + random.nextInt(26) : " the ".charAt(i % 5));
        }
        return text;
    }
}

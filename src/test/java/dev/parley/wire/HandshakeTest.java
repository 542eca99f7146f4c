package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The opening handshake (RFC 6455 §4) on the sample of §1.3 and one broken rule at a time. */
class HandshakeTest {
    /** RFC 6455 §1.3: "The handshake from the client looks as follows". */
    private static final String RFC_REQUEST = """
            GET /chat HTTP/1.1\r
            Host: server.example.com\r
            Upgrade: websocket\r
            Connection: Upgrade\r
            Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
            Origin: http://example.com\r
            Sec-WebSocket-Protocol: chat, superchat\r
            Sec-WebSocket-Version: 13\r
            \r
            """;

    /** RFC 6455 §1.3: "The handshake from the server looks as follows". */
    private static final String RFC_RESPONSE = """
            HTTP/1.1 101 Switching Protocols\r
            Upgrade: websocket\r
            Connection: Upgrade\r
            Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r
            Sec-WebSocket-Protocol: chat\r
            \r
            """;

    private static final UpgradeRequest REQUEST = UpgradeRequest.parse(RFC_REQUEST);

    /** The RFC request with the fields named {@code name} replaced by {@code values} (none: removed). */
    private static UpgradeRequest requestWith(String name, String... values) {
        List<HttpHeaders.Field> fields = new ArrayList<>();
        for (HttpHeaders.Field field : REQUEST.headers().fields()) {
            if (!field.name().equalsIgnoreCase(name)) {
                fields.add(field);
            }
        }
        for (String value : values) {
            fields.add(new HttpHeaders.Field(name, value));
        }
        return new UpgradeRequest(REQUEST.method(), REQUEST.target(), REQUEST.version(), new HttpHeaders(fields));
    }

    private static UpgradeResponse responseWith(String name, String... values) {
        UpgradeResponse response = UpgradeResponse.parse(RFC_RESPONSE);
        List<HttpHeaders.Field> fields = new ArrayList<>();
        for (HttpHeaders.Field field : response.headers().fields()) {
            if (!field.name().equalsIgnoreCase(name)) {
                fields.add(field);
            }
        }
        for (String value : values) {
            fields.add(new HttpHeaders.Field(name, value));
        }
        return new UpgradeResponse(response.version(), response.status(), response.reason(), new HttpHeaders(fields));
    }

    @Test
    void acceptKeyOfSection1_3() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Handshake.acceptKey("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void sampleRequestOfSection1_3IsAcceptedWithTheSampleResponse() {
        assertEquals("dGhlIHNhbXBsZSBub25jZQ==", Handshake.checkRequest(REQUEST));
        UpgradeResponse response = Handshake.accept(REQUEST, HttpHeaders.of("Sec-WebSocket-Protocol", "chat"));
        assertEquals(RFC_RESPONSE, response.toText());
        Handshake.checkResponse(REQUEST, UpgradeResponse.parse(RFC_RESPONSE));
    }

    @Test
    void requestParsesToItsParts() {
        assertEquals("GET", REQUEST.method());
        assertEquals("/chat", REQUEST.target());
        assertEquals("HTTP/1.1", REQUEST.version());
        assertEquals(List.of("chat", "superchat"), REQUEST.headers().tokens("sec-websocket-protocol"));
        assertEquals(RFC_REQUEST, REQUEST.toText());
    }

    static Stream<Arguments> brokenRequests() {
        String key15 = Base64.getEncoder().encodeToString(new byte[15]);
        return Stream.of(
                Arguments.of("method is POST, not GET", new UpgradeRequest("POST", "/chat", "HTTP/1.1", REQUEST.headers())),
                Arguments.of("version is HTTP/1.0, not HTTP/1.1 or later",
                        new UpgradeRequest("GET", "/chat", "HTTP/1.0", REQUEST.headers())),
                Arguments.of("version is HTTP/1.11, not HTTP/1.1 or later",
                        new UpgradeRequest("GET", "/chat", "HTTP/1.11", REQUEST.headers())),
                Arguments.of("version is HTTP/1x1, not HTTP/1.1 or later",
                        new UpgradeRequest("GET", "/chat", "HTTP/1x1", REQUEST.headers())),
                Arguments.of("version is http/1.1, not HTTP/1.1 or later",
                        new UpgradeRequest("GET", "/chat", "http/1.1", REQUEST.headers())),
                Arguments.of("no Host", requestWith("Host")),
                Arguments.of("more than one Host", requestWith("Host", "a.example", "b.example")),
                Arguments.of("Upgrade does not include websocket", requestWith("Upgrade", "h2c")),
                Arguments.of("Upgrade does not include websocket", requestWith("Upgrade")),
                Arguments.of("Connection does not include Upgrade", requestWith("Connection", "keep-alive")),
                Arguments.of("Connection does not include Upgrade", requestWith("Connection", "upgrades")),
                Arguments.of("no Sec-WebSocket-Key", requestWith("Sec-WebSocket-Key")),
                Arguments.of("more than one Sec-WebSocket-Key",
                        requestWith("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25jZQ==")),
                Arguments.of("Sec-WebSocket-Key is not 16 bytes in base64", requestWith("Sec-WebSocket-Key", "hello")),
                Arguments.of("Sec-WebSocket-Key is not 16 bytes in base64", requestWith("Sec-WebSocket-Key", key15)),
                Arguments.of("Sec-WebSocket-Key is not 16 bytes in base64",
                        requestWith("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ!!")),
                Arguments.of("no Sec-WebSocket-Version", requestWith("Sec-WebSocket-Version")),
                Arguments.of("Sec-WebSocket-Version is 8, not 13", requestWith("Sec-WebSocket-Version", "8")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRequests")
    void requestBreakingARuleIsRejectedWithItsReason(String reason, UpgradeRequest request) {
        HandshakeRejected rejected = assertThrows(HandshakeRejected.class, () -> Handshake.accept(request));
        assertEquals(reason, rejected.reason());
    }

    @Test
    void aLaterHttpVersionIsAccepted() {
        // RFC 6455 §4.1: "HTTP version MUST be at least 1.1"; the version is "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3).
        Handshake.checkRequest(new UpgradeRequest("GET", "/chat", "HTTP/1.2", REQUEST.headers()));
        Handshake.checkRequest(new UpgradeRequest("GET", "/chat", "HTTP/2.0", REQUEST.headers()));
    }

    @Test
    void tokensAreCaseInsensitiveAndMayComeInLists() {
        // RFC 6455 §4.2.1: the Upgrade value and the Connection token are compared case-insensitively; Connection is a
        // comma list and may span several fields.
        Handshake.checkRequest(requestWith("Connection", "keep-alive, UPGRADE"));
        Handshake.checkRequest(requestWith("Connection", "keep-alive", "Upgrade"));
        Handshake.checkRequest(requestWith("upgrade", "WebSocket"));
        UpgradeRequest lowerCase = UpgradeRequest.parse(RFC_REQUEST.toLowerCase().replace("get /chat http/1.1",
                "GET /chat HTTP/1.1").replace("dghlihnhbxbszsbub25jzq==", "dGhlIHNhbXBsZSBub25jZQ=="));
        assertEquals("dGhlIHNhbXBsZSBub25jZQ==", Handshake.checkRequest(lowerCase));
    }

    @Test
    void wrongVersionIsAnswered426WithTheSupportedVersion() {
        UpgradeResponse response = Handshake.errorResponse(requestWith("Sec-WebSocket-Version", "8"));
        assertEquals("HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n",
                response.toText());
        assertEquals(400, Handshake.errorResponse(requestWith("Host")).status());
    }

    @Test
    void aMissingVersionIsAnswered426WithTheSupportedVersionAndAShortKey400() {
        UpgradeResponse response = Handshake.errorResponse(requestWith("Sec-WebSocket-Version"));
        assertEquals(426, response.status());
        assertEquals("13", response.headers().first("Sec-WebSocket-Version").orElse(""));
        // RFC 6455 §4.1: the key is "a randomly selected 16-byte value that has been base64-encoded"; 3 bytes is not.
        UpgradeRequest shortKey = requestWith("Sec-WebSocket-Key", "AQID");
        assertEquals("Sec-WebSocket-Key is not 16 bytes in base64",
                assertThrows(HandshakeRejected.class, () -> Handshake.checkRequest(shortKey)).reason());
        assertEquals(400, Handshake.errorResponse(shortKey).status());
    }

    static Stream<Arguments> brokenResponses() {
        UpgradeResponse rfc = UpgradeResponse.parse(RFC_RESPONSE);
        return Stream.of(
                Arguments.of("status is 200, not 101", new UpgradeResponse("HTTP/1.1", 200, "OK", rfc.headers())),
                Arguments.of("Upgrade is not websocket", responseWith("Upgrade")),
                Arguments.of("Upgrade is not websocket", responseWith("Upgrade", "h2c")),
                Arguments.of("Connection does not include Upgrade", responseWith("Connection", "close")),
                Arguments.of("no Sec-WebSocket-Accept", responseWith("Sec-WebSocket-Accept")),
                Arguments.of("wrong Sec-WebSocket-Accept", responseWith("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo")),
                Arguments.of("extension permessage-deflate was not offered",
                        responseWith("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits")),
                Arguments.of("subprotocol mqtt was not offered", responseWith("Sec-WebSocket-Protocol", "mqtt")),
                Arguments.of("more than one Sec-WebSocket-Protocol", responseWith("Sec-WebSocket-Protocol", "chat", "superchat")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenResponses")
    void responseBreakingARuleIsRejectedWithItsReason(String reason, UpgradeResponse response) {
        HandshakeRejected rejected = assertThrows(HandshakeRejected.class, () -> Handshake.checkResponse(REQUEST, response));
        assertEquals(reason, rejected.reason());
    }

    @Test
    void acceptValueMayHaveSurroundingWhitespace() {
        // RFC 6455 §4.1: "[...] but ignoring any leading and trailing whitespace"
        Handshake.checkResponse(REQUEST, UpgradeResponse.parse(RFC_RESPONSE.replace(": s3pP", ":   s3pP")));
    }

    @Test
    void clientRequestTakesItsKeyFromTheInjectedSource() {
        UpgradeRequest request = Handshake.clientRequest("localhost:8025", "/echo", new Random(6455));
        String key = Handshake.newKey(new Random(6455));
        assertEquals(16, Base64.getDecoder().decode(key).length);
        assertEquals("GET /echo HTTP/1.1\r\nHost: localhost:8025\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n", request.toText());
        assertEquals(key, Handshake.checkRequest(request));
        assertEquals(request, UpgradeRequest.parse(new String(request.toBytes(), StandardCharsets.ISO_8859_1)));
        Handshake.checkResponse(request, Handshake.accept(request));
    }

    @Test
    void headLengthFindsTheEndOfTheHeadBeforeFrameBytes() {
        byte[] head = RFC_RESPONSE.getBytes(StandardCharsets.ISO_8859_1);
        byte[] withFrame = RawFrames.concat(head, RawFrames.hex("810548656c6c6f"));
        assertEquals(head.length, HttpHead.length(withFrame, 0, withFrame.length));
        assertEquals(head.length, HttpHead.length(ByteBuffer.wrap(withFrame)));
        assertEquals(-1, HttpHead.length(withFrame, 0, head.length - 1));
        assertEquals(-1, HttpHead.length(new byte[0], 0, 0));
        byte[] bareLf = "HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\n\nrest".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(bareLf.length - 4, HttpHead.length(bareLf, 0, bareLf.length));
        byte[] endless = ("GET / HTTP/1.1\r\nX: " + "y".repeat(HttpHead.MAX_HEAD)).getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(HandshakeRejected.class, () -> HttpHead.length(endless, 0, endless.length));
    }

    static Stream<Arguments> malformedHeads() {
        return Stream.of(
                Arguments.of("bad request line: GET /chat", "GET /chat\r\nHost: x\r\n\r\n"),
                Arguments.of("bad request line: GET  /chat HTTP/1.1", "GET  /chat HTTP/1.1\r\n\r\n"),
                Arguments.of("folded header line", "GET / HTTP/1.1\r\nHost: x\r\n  continued\r\n\r\n"),
                Arguments.of("bad header name: Host ", "GET / HTTP/1.1\r\nHost : x\r\n\r\n"),
                Arguments.of("header line without a name: no colon here", "GET / HTTP/1.1\r\nno colon here\r\n\r\n"),
                Arguments.of("HTTP head does not end with an empty line", "GET / HTTP/1.1\r\nHost: x\r\n"),
                Arguments.of("HTTP head has no start line", "\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedHeads")
    void malformedHeadsAreRejected(String reason, String head) {
        assertEquals(reason, assertThrows(HandshakeRejected.class, () -> UpgradeRequest.parse(head)).reason());
    }

    @Test
    void malformedStatusLineIsRejected() {
        assertEquals("bad status line: HTTP/1.1 1O1 Switching",
                assertThrows(HandshakeRejected.class, () -> UpgradeResponse.parse("HTTP/1.1 1O1 Switching\r\n\r\n"))
                        .reason());
        assertEquals("", UpgradeResponse.parse("HTTP/1.1 101\r\n\r\n").reason());
    }
}

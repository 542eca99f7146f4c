package dev.parley.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The opening handshake of RFC 6455 §4: the accept key, the client's request and its checks by the server (§4.2.1),
 * the server's response and its checks by the client (§4.1). Works on parsed heads ({@link UpgradeRequest},
 * {@link UpgradeResponse}); every failed check is a {@link HandshakeRejected} that says which rule was broken.
 * Extensions and subprotocols are passed through as header fields, not negotiated here.
 */
public final class Handshake {
    private static final String UPGRADE = "Upgrade";
    private static final String CONNECTION = "Connection";
    private static final String KEY = "Sec-WebSocket-Key";
    private static final String ACCEPT = "Sec-WebSocket-Accept";
    private static final String VERSION = "Sec-WebSocket-Version";
    private static final String EXTENSIONS = "Sec-WebSocket-Extensions";
    private static final String PROTOCOL = "Sec-WebSocket-Protocol";

    private Handshake() {
    }

    /**
     * The Sec-WebSocket-Accept value for a Sec-WebSocket-Key. RFC 6455 §1.3: the server takes the key, concatenates
     * the GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", and returns "the base64-encoded SHA-1 of this concatenated
     * value".
     */
    public static String acceptKey(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + Rfc6455.GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    /**
     * A fresh Sec-WebSocket-Key. RFC 6455 §4.1: "a randomly selected 16-byte value that has been base64-encoded";
     * §10.3 wants the nonce "selected randomly" per connection, so pass a {@code SecureRandom} outside tests.
     */
    public static String newKey(RandomGenerator keySource) {
        byte[] nonce = new byte[16];
        keySource.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** A client's opening handshake for {@code ws://host/target} with a key from {@code keySource}. */
    public static UpgradeRequest clientRequest(String host, String target, RandomGenerator keySource) {
        return clientRequest(host, target, HttpHeaders.EMPTY, keySource);
    }

    /**
     * A client's opening handshake with {@code extra} fields after the required ones (e.g. Origin,
     * Sec-WebSocket-Protocol). The key is the request's Sec-WebSocket-Key field.
     */
    public static UpgradeRequest clientRequest(String host, String target, HttpHeaders extra,
            RandomGenerator keySource) {
        HttpHeaders headers = HttpHeaders.of(
                "Host", host,
                UPGRADE, "websocket",
                CONNECTION, "Upgrade",
                KEY, newKey(keySource),
                VERSION, Rfc6455.VERSION).with(extra);
        return new UpgradeRequest("GET", target, "HTTP/1.1", headers);
    }

    /**
     * Checks a client's opening handshake (RFC 6455 §4.1 and §4.2.1).
     *
     * @return its Sec-WebSocket-Key
     * @throws HandshakeRejected naming the first rule it breaks
     */
    public static String checkRequest(UpgradeRequest request) {
        HttpHeaders headers = request.headers();
        // RFC 6455 §4.1: "The method of the request MUST be GET, and the HTTP version MUST be at least 1.1."
        if (!request.method().equals("GET")) {
            throw new HandshakeRejected("method is " + HttpHead.clip(request.method()) + ", not GET");
        }
        if (!atLeastHttp11(request.version())) {
            throw new HandshakeRejected("version is " + HttpHead.clip(request.version()) + ", not HTTP/1.1 or later");
        }
        // RFC 6455 §4.1: "The request MUST contain a |Host| header field". RFC 7230 §5.4: a server MUST reject a
        // request "that contains more than one Host header field".
        List<String> hosts = headers.all("Host");
        if (hosts.size() != 1) {
            throw new HandshakeRejected(hosts.isEmpty() ? "no Host" : "more than one Host");
        }
        // RFC 6455 §4.1: "The request MUST contain an |Upgrade| header field whose value MUST include the "websocket"
        // keyword."
        if (!headers.hasToken(UPGRADE, "websocket")) {
            throw new HandshakeRejected("Upgrade does not include websocket");
        }
        // RFC 6455 §4.1: "The request MUST contain a |Connection| header field whose value MUST include the "Upgrade"
        // token."
        if (!headers.hasToken(CONNECTION, "upgrade")) {
            throw new HandshakeRejected("Connection does not include Upgrade");
        }
        // RFC 6455 §11.3.1: "The |Sec-WebSocket-Key| header field MUST NOT appear more than once in an HTTP request."
        List<String> keys = headers.all(KEY);
        if (keys.size() != 1) {
            throw new HandshakeRejected(keys.isEmpty() ? "no Sec-WebSocket-Key" : "more than one Sec-WebSocket-Key");
        }
        String key = keys.get(0);
        // RFC 6455 §4.1: "The value of this header field MUST be a nonce consisting of a randomly selected 16-byte
        // value that has been base64-encoded"
        if (!isNonce(key)) {
            throw new HandshakeRejected("Sec-WebSocket-Key is not 16 bytes in base64");
        }
        // RFC 6455 §4.1: "The request MUST include a header field with the name |Sec-WebSocket-Version|. The value of
        // this header field MUST be 13."
        List<String> versions = headers.all(VERSION);
        if (versions.size() != 1 || !versions.get(0).equals(Rfc6455.VERSION)) {
            throw new HandshakeRejected(versions.isEmpty() ? "no Sec-WebSocket-Version"
                    : "Sec-WebSocket-Version is " + HttpHead.clip(String.join(",", versions)) + ", not 13");
        }
        return key;
    }

    /**
     * The server's 101 answer to a valid opening handshake (RFC 6455 §4.2.2).
     *
     * @param extra fields to add, e.g. a chosen Sec-WebSocket-Protocol
     * @throws HandshakeRejected if the request is not a valid opening handshake; answer with
     *     {@link #errorResponse(UpgradeRequest)}
     */
    public static UpgradeResponse accept(UpgradeRequest request, HttpHeaders extra) {
        String key = checkRequest(request);
        HttpHeaders headers = HttpHeaders.of(
                UPGRADE, "websocket",
                CONNECTION, "Upgrade",
                ACCEPT, acceptKey(key)).with(extra);
        return new UpgradeResponse("HTTP/1.1", 101, "Switching Protocols", headers);
    }

    /** {@link #accept(UpgradeRequest, HttpHeaders)} without extra fields. */
    public static UpgradeResponse accept(UpgradeRequest request) {
        return accept(request, HttpHeaders.EMPTY);
    }

    /**
     * The answer to a request {@link #checkRequest} rejects: 426 unless its Sec-WebSocket-Version is exactly 13 (none
     * included: the client learns which version to send), else 400.
     * RFC 6455 §4.2.2: "If this version does not match a version understood by the server, the server MUST abort the
     * WebSocket handshake [...] and instead send an appropriate HTTP error code (such as 426 Upgrade Required) and a
     * |Sec-WebSocket-Version| header field indicating the version(s) the server is capable of understanding."
     */
    public static UpgradeResponse errorResponse(UpgradeRequest request) {
        List<String> versions = request.headers().all(VERSION);
        if (!versions.equals(List.of(Rfc6455.VERSION))) {
            return new UpgradeResponse("HTTP/1.1", 426, "Upgrade Required",
                    HttpHeaders.of(VERSION, Rfc6455.VERSION, "Content-Length", "0"));
        }
        return new UpgradeResponse("HTTP/1.1", 400, "Bad Request", HttpHeaders.of("Content-Length", "0"));
    }

    /**
     * Checks the server's answer to {@code sent} (RFC 6455 §4.1, "the client MUST validate the server's response").
     *
     * @throws HandshakeRejected naming the first rule it breaks; the client must then close the connection
     */
    public static void checkResponse(UpgradeRequest sent, UpgradeResponse response) {
        HttpHeaders headers = response.headers();
        // RFC 6455 §4.1: "If the status code received from the server is not 101, the client handles the response per
        // HTTP procedures." It is not a WebSocket connection.
        if (response.status() != 101) {
            throw new HandshakeRejected("status is " + response.status() + ", not 101");
        }
        // RFC 6455 §4.1: "If the response lacks an |Upgrade| header field or the |Upgrade| header field contains a
        // value that is not an ASCII case-insensitive match for the value "websocket", the client MUST _Fail the
        // WebSocket Connection_."
        List<String> upgrades = headers.all(UPGRADE);
        if (upgrades.size() != 1 || !upgrades.get(0).equalsIgnoreCase("websocket")) {
            throw new HandshakeRejected("Upgrade is not websocket");
        }
        // RFC 6455 §4.1: "If the response lacks a |Connection| header field or the |Connection| header field doesn't
        // contain a token that is an ASCII case-insensitive match for the value "Upgrade", the client MUST _Fail_".
        if (!headers.hasToken(CONNECTION, "upgrade")) {
            throw new HandshakeRejected("Connection does not include Upgrade");
        }
        // RFC 6455 §4.1: "If the response lacks a |Sec-WebSocket-Accept| header field or the |Sec-WebSocket-Accept|
        // contains a value other than the base64-encoded SHA-1 of the concatenation of the |Sec-WebSocket-Key| [...]
        // with the string "258EAFA5-E914-47DA-95CA-C5AB0DC85B11" but ignoring any leading and trailing whitespace,
        // the client MUST _Fail the WebSocket Connection_."
        String key = sent.headers().first(KEY).orElseThrow(() -> new IllegalArgumentException("sent no key"));
        List<String> accepts = headers.all(ACCEPT);
        if (accepts.size() != 1 || !accepts.get(0).strip().equals(acceptKey(key))) {
            throw new HandshakeRejected(accepts.isEmpty() ? "no Sec-WebSocket-Accept" : "wrong Sec-WebSocket-Accept");
        }
        // RFC 6455 §4.1: "If the response includes a |Sec-WebSocket-Extensions| header field and this header field
        // indicates the use of an extension that was not present in the client's handshake [...], the client MUST
        // _Fail the WebSocket Connection_." The same holds for |Sec-WebSocket-Protocol|.
        List<String> offered = names(sent.headers().tokens(EXTENSIONS));
        for (String extension : names(headers.tokens(EXTENSIONS))) {
            if (!offered.contains(extension)) {
                throw new HandshakeRejected("extension " + HttpHead.clip(extension) + " was not offered");
            }
        }
        List<String> protocols = headers.tokens(PROTOCOL);
        if (protocols.size() > 1) {
            throw new HandshakeRejected("more than one Sec-WebSocket-Protocol");
        }
        if (protocols.size() == 1 && !sent.headers().tokens(PROTOCOL).contains(protocols.get(0))) {
            throw new HandshakeRejected("subprotocol " + HttpHead.clip(protocols.get(0)) + " was not offered");
        }
    }

    private static boolean atLeastHttp11(String version) {
        // "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3), checked by hand: String.matches compiled a pattern per handshake
        if (version.length() != 8 || !version.startsWith("HTTP/") || !isDigit(version.charAt(5))
                || version.charAt(6) != '.' || !isDigit(version.charAt(7))) {
            return false;
        }
        int major = version.charAt(5) - '0';
        int minor = version.charAt(7) - '0';
        return major > 1 || major == 1 && minor >= 1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNonce(String key) {
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Extension names: the part of each element before its parameters. */
    private static List<String> names(List<String> extensions) {
        return extensions.stream().map(e -> e.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)).toList();
    }
}

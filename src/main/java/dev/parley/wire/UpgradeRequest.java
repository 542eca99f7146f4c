package dev.parley.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * An HTTP request head, such as a client's opening handshake (RFC 6455 §4.1). {@link Handshake} checks it.
 *
 * @param method e.g. {@code GET}
 * @param target the request-target, e.g. {@code /chat}
 * @param version e.g. {@code HTTP/1.1}
 */
public record UpgradeRequest(String method, String target, String version, HttpHeaders headers) {

    public UpgradeRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(headers, "headers");
    }

    /**
     * Parses a request head, e.g. {@code "GET /chat HTTP/1.1\r\nHost: …\r\n\r\n"}; anything after the empty line is
     * ignored.
     *
     * @throws HandshakeRejected if it is not a well-formed HTTP/1.x request head
     */
    public static UpgradeRequest parse(String head) {
        List<String> lines = HttpHead.lines(head);
        String[] parts = lines.get(0).split(" ", -1);
        // RFC 7230 §3.1.1: request-line = method SP request-target SP HTTP-version CRLF
        if (parts.length != 3 || !HttpHead.isToken(parts[0]) || parts[1].isEmpty() || !parts[2].startsWith("HTTP/")) {
            throw new HandshakeRejected("bad request line: " + HttpHead.clip(lines.get(0)));
        }
        return new UpgradeRequest(parts[0], parts[1], parts[2], HttpHead.fields(lines));
    }

    /** Parses the request head in {@code bytes[offset..offset+length)}, read as ISO-8859-1. */
    public static UpgradeRequest parse(byte[] bytes, int offset, int length) {
        return parse(HttpHead.text(bytes, offset, length));
    }

    /** The head as HTTP text, ending with the empty line. */
    public String toText() {
        return method + " " + target + " " + version + "\r\n" + headers.toText() + "\r\n";
    }

    /** The head as bytes to send. */
    public byte[] toBytes() {
        return toText().getBytes(StandardCharsets.ISO_8859_1);
    }
}

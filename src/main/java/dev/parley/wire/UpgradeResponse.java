package dev.parley.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * An HTTP response head, such as a server's opening handshake (RFC 6455 §4.2.2). {@link Handshake} checks it.
 *
 * @param version e.g. {@code HTTP/1.1}
 * @param status e.g. 101
 * @param reason the reason phrase, e.g. {@code Switching Protocols}; may be empty
 */
public record UpgradeResponse(String version, int status, String reason, HttpHeaders headers) {

    public UpgradeResponse {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(headers, "headers");
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status out of range: " + status);
        }
    }

    /**
     * Parses a response head, e.g. {@code "HTTP/1.1 101 Switching Protocols\r\n…\r\n\r\n"}; anything after the empty
     * line is ignored.
     *
     * @throws HandshakeRejected if it is not a well-formed HTTP/1.x response head
     */
    public static UpgradeResponse parse(String head) {
        List<String> lines = HttpHead.lines(head);
        String statusLine = lines.get(0);
        // RFC 7230 §3.1.2: status-line = HTTP-version SP status-code SP reason-phrase CRLF
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("[0-9]{3}")) {
            throw new HandshakeRejected("bad status line: " + HttpHead.clip(statusLine));
        }
        String reason = parts.length == 3 ? parts[2] : "";
        return new UpgradeResponse(parts[0], Integer.parseInt(parts[1]), reason, HttpHead.fields(lines));
    }

    /** Parses the response head in {@code bytes[offset..offset+length)}, read as ISO-8859-1. */
    public static UpgradeResponse parse(byte[] bytes, int offset, int length) {
        return parse(HttpHead.text(bytes, offset, length));
    }

    /** The head as HTTP text, ending with the empty line. */
    public String toText() {
        return version + " " + status + " " + reason + "\r\n" + headers.toText() + "\r\n";
    }

    /** The head as bytes to send. */
    public byte[] toBytes() {
        return toText().getBytes(StandardCharsets.ISO_8859_1);
    }
}

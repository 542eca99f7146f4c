package dev.parley.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and splits the head of an HTTP/1.1 message (RFC 7230 §3): a start line, header fields, and the empty line
 * that ends them. The head is read as ISO-8859-1, so every byte maps to one character. Lines may end in CRLF or, as
 * RFC 7230 §3.5 allows a recipient to accept, a bare LF.
 */
public final class HttpHead {
    /** The largest head accepted, start line and fields together. */
    public static final int MAX_HEAD = 16 * 1024;

    private HttpHead() {
    }

    /**
     * The length of the head at the start of {@code bytes[offset..offset+length)}, up to and including the empty line
     * that ends it; the bytes after it belong to the WebSocket connection.
     *
     * @return the length, or -1 if the end of the head has not arrived yet
     * @throws HandshakeRejected if no end is found within {@link #MAX_HEAD} bytes
     */
    public static int length(byte[] bytes, int offset, int length) {
        int end = offset + Math.min(length, MAX_HEAD);
        for (int i = offset; i < end; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            // a line ends at i: is the next line empty?
            if (i + 1 < end && bytes[i + 1] == '\n') {
                return i + 2 - offset;
            }
            if (i + 2 < end && bytes[i + 1] == '\r' && bytes[i + 2] == '\n') {
                return i + 3 - offset;
            }
        }
        if (length >= MAX_HEAD) {
            throw new HandshakeRejected("HTTP head longer than " + MAX_HEAD + " bytes");
        }
        return -1;
    }

    /** The length of the head at the position of {@code buffer}, as {@link #length(byte[], int, int)}; no bytes move. */
    public static int length(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            return length(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        }
        byte[] copy = new byte[Math.min(buffer.remaining(), MAX_HEAD)];
        buffer.duplicate().get(copy);
        return length(copy, 0, copy.length);
    }

    /** The head as text. */
    static String text(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    /** The lines of {@code head} up to the empty one, without their line ends. */
    static List<String> lines(String head) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (true) {
            int newline = head.indexOf('\n', start);
            if (newline < 0) {
                throw new HandshakeRejected("HTTP head does not end with an empty line");
            }
            int end = newline > start && head.charAt(newline - 1) == '\r' ? newline - 1 : newline;
            String line = head.substring(start, end);
            if (line.isEmpty()) {
                if (lines.isEmpty()) {
                    throw new HandshakeRejected("HTTP head has no start line");
                }
                return lines;
            }
            lines.add(line);
            start = newline + 1;
        }
    }

    /** Parses the field lines after the start line. */
    static HttpHeaders fields(List<String> lines) {
        List<HttpHeaders.Field> fields = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                // RFC 7230 §3.2.4: a server "MUST either reject the message by sending a 400 (Bad Request) [...] or
                // replace each received obs-fold with one or more SP octets"
                throw new HandshakeRejected("folded header line");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new HandshakeRejected("header line without a name: " + clip(line));
            }
            String name = line.substring(0, colon);
            if (!isToken(name)) {
                // RFC 7230 §3.2.4: "No whitespace is allowed between the header field-name and colon."
                throw new HandshakeRejected("bad header name: " + clip(name));
            }
            fields.add(new HttpHeaders.Field(name, line.substring(colon + 1).strip()));
        }
        return new HttpHeaders(fields);
    }

    /** RFC 7230 §3.2.6 token: visible ASCII except delimiters. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7F || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}

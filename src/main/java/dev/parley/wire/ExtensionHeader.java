package dev.parley.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses {@code Sec-WebSocket-Extensions} values (RFC 6455 §9.1) into {@link ExtensionOffer}s, every header line in
 * order. The grammar:
 *
 * <pre>
 * extension-list = 1#extension
 * extension = extension-token *( ";" extension-param )
 * extension-param = token [ "=" (token | quoted-string) ]
 * </pre>
 *
 * with optional whitespace around the separators and empty list elements ignored (RFC 7230 §7). Bad input is a
 * {@link Malformed} value, never an exception.
 */
public final class ExtensionHeader {
    private ExtensionHeader() {
    }

    /** What a header parses to. */
    public sealed interface Parsed permits Offers, Malformed {
    }

    /** Every offer of every line, in order (empty when no line had one). */
    public record Offers(List<ExtensionOffer> offers) implements Parsed {
        public Offers {
            offers = List.copyOf(offers);
        }
    }

    /** The header broke the grammar; {@code reason} says where. */
    public record Malformed(String reason) implements Parsed {
    }

    /** Parses the values of every {@code Sec-WebSocket-Extensions} line of {@code headers}. */
    public static Parsed parse(HttpHeaders headers) {
        return parse(headers.all("Sec-WebSocket-Extensions"));
    }

    /** Parses header values, one per header line; the offers of all lines in order. */
    public static Parsed parse(List<String> lines) {
        List<ExtensionOffer> offers = new ArrayList<>();
        for (String line : lines) {
            Cursor cursor = new Cursor(line);
            Optional<String> failure = cursor.list(offers);
            if (failure.isPresent()) {
                return new Malformed(failure.get() + " at index " + cursor.at + " of \"" + line + "\"");
            }
        }
        return new Offers(offers);
    }

    /** Parses one header value. */
    public static Parsed parse(String value) {
        return parse(List.of(value));
    }

    /** RFC 7230 §3.2.6: {@code tchar}. */
    static boolean isTokenChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static final class Cursor {
        private final String text;
        private int at;

        Cursor(String text) {
            this.text = text;
        }

        /** {@code 1#extension} with empty elements allowed; adds to {@code offers}, or says what is wrong. */
        Optional<String> list(List<ExtensionOffer> offers) {
            while (true) {
                skipSpace();
                if (at == text.length()) {
                    return Optional.empty();
                }
                if (peek() == ',') {
                    at++; // RFC 7230 §7: empty list elements are ignored
                    continue;
                }
                String name = token();
                if (name.isEmpty()) {
                    return Optional.of("extension token expected");
                }
                List<ExtensionOffer.Parameter> parameters = new ArrayList<>();
                skipSpace();
                while (at < text.length() && peek() == ';') {
                    at++;
                    skipSpace();
                    String parameter = token();
                    if (parameter.isEmpty()) {
                        return Optional.of("parameter name expected");
                    }
                    skipSpace();
                    if (at < text.length() && peek() == '=') {
                        at++;
                        skipSpace();
                        Optional<String> value = at < text.length() && peek() == '"' ? quoted() : nonEmpty(token());
                        if (value.isEmpty()) {
                            return Optional.of("value of " + parameter + " is not a token or a quoted token");
                        }
                        parameters.add(ExtensionOffer.Parameter.of(parameter, value.get()));
                    } else {
                        parameters.add(ExtensionOffer.Parameter.flag(parameter));
                    }
                    skipSpace();
                }
                offers.add(new ExtensionOffer(name, parameters));
                if (at < text.length() && peek() != ',') {
                    return Optional.of("',' or ';' expected");
                }
            }
        }

        /**
         * A quoted-string whose unescaped value is a token. RFC 6455 §9.1: "When using the quoted-string syntax
         * variant, the value after quoted-string unescaping MUST conform to the 'token' ABNF."
         */
        private Optional<String> quoted() {
            at++; // the opening quote
            StringBuilder value = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return nonEmpty(value.toString());
                }
                if (c == '\\') { // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
                    if (at == text.length()) {
                        return Optional.empty();
                    }
                    c = text.charAt(at++);
                }
                if (!isTokenChar(c)) {
                    return Optional.empty();
                }
                value.append(c);
            }
            return Optional.empty(); // no closing quote
        }

        private String token() {
            int start = at;
            while (at < text.length() && isTokenChar(peek())) {
                at++;
            }
            return text.substring(start, at);
        }

        private void skipSpace() { // OWS = *( SP / HTAB )
            while (at < text.length() && (peek() == ' ' || peek() == '\t')) {
                at++;
            }
        }

        private char peek() {
            return text.charAt(at);
        }

        private static Optional<String> nonEmpty(String s) {
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        }
    }
}

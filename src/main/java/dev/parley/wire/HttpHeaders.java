package dev.parley.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The header fields of an HTTP/1.1 head in their order, looked up without regard to case (RFC 7230 §3.2: "Each header
 * field consists of a case-insensitive field name"). Equality is exact, case and order included.
 */
public record HttpHeaders(List<Field> fields) {
    /** No fields. */
    public static final HttpHeaders EMPTY = new HttpHeaders(List.of());

    /** One {@code name: value} line. */
    public record Field(String name, String value) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public HttpHeaders {
        fields = List.copyOf(fields);
    }

    /** Fields from alternating names and values: {@code of("Host", "example.com", "Upgrade", "websocket")}. */
    public static HttpHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.add(new Field(namesAndValues[i], namesAndValues[i + 1]));
        }
        return new HttpHeaders(fields);
    }

    /** These fields and one more at the end. */
    public HttpHeaders with(String name, String value) {
        List<Field> more = new ArrayList<>(fields);
        more.add(new Field(name, value));
        return new HttpHeaders(more);
    }

    /** These fields followed by {@code others}. */
    public HttpHeaders with(HttpHeaders others) {
        List<Field> more = new ArrayList<>(fields);
        more.addAll(others.fields);
        return new HttpHeaders(more);
    }

    /** The values of every field with this name, in order. */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>(1);
        for (Field field : fields) {
            if (field.name.equalsIgnoreCase(name)) {
                values.add(field.value);
            }
        }
        return values;
    }

    /** The value of the first field with this name. */
    public Optional<String> first(String name) {
        for (Field field : fields) {
            if (field.name.equalsIgnoreCase(name)) {
                return Optional.of(field.value);
            }
        }
        return Optional.empty();
    }

    public boolean contains(String name) {
        return first(name).isPresent();
    }

    /**
     * The comma-separated elements of every field with this name (RFC 7230 §7, "#rule"), trimmed, empty ones dropped.
     * E.g. {@code Connection: keep-alive, Upgrade} gives {@code [keep-alive, Upgrade]}.
     */
    public List<String> tokens(String name) {
        List<String> tokens = new ArrayList<>();
        for (String value : all(name)) {
            for (String element : value.split(",")) {
                String token = element.trim();
                if (!token.isEmpty()) {
                    tokens.add(token);
                }
            }
        }
        return tokens;
    }

    /** Whether any field with this name lists {@code token}, compared without regard to case. */
    public boolean hasToken(String name, String token) {
        // In place, without the lists of tokens(): every upgrade request asks this twice.
        if (token.isEmpty()) {
            return false; // tokens() has no empty elements
        }
        for (Field field : fields) {
            if (field.name().equalsIgnoreCase(name) && listHas(field.value(), token)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a comma-separated list has {@code token} as one of its elements (trimmed as by tokens()). */
    private static boolean listHas(String list, String token) {
        int start = 0;
        while (start <= list.length()) {
            int comma = list.indexOf(',', start);
            int end = comma < 0 ? list.length() : comma;
            int from = start;
            int to = end;
            while (from < to && list.charAt(from) <= ' ') {
                from++;
            }
            while (to > from && list.charAt(to - 1) <= ' ') {
                to--;
            }
            if (to - from == token.length() && sameIgnoringCase(list, from, token)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /**
     * As {@code toLowerCase(Locale.ROOT).equals} of a region of {@code text} as long as {@code token} and the token
     * (a token whose lower case has another length, which no ASCII token has, is never found): the cheap test first,
     * the exact one only for a region that passed it.
     */
    private static boolean sameIgnoringCase(String text, int from, String token) {
        return text.regionMatches(true, from, token, 0, token.length())
                && text.substring(from, from + token.length()).toLowerCase(Locale.ROOT)
                        .equals(token.toLowerCase(Locale.ROOT));
    }

    /** The fields as HTTP lines, each ending in CRLF. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        for (Field field : fields) {
            text.append(field.name).append(": ").append(field.value).append("\r\n");
        }
        return text.toString();
    }
}

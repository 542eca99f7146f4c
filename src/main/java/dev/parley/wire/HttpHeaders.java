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
        String wanted = token.toLowerCase(Locale.ROOT);
        return tokens(name).stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).equals(wanted));
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

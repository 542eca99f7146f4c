package dev.parley.json;

import java.util.List;
import java.util.Locale;

/**
 * A JSON object written on one line, fields in the order they are put: enough for the tools' machine output
 * ({@code --json}) without a JSON library. Strings are escaped as RFC 8259 §7 requires.
 */
public final class JsonObject {
    private final StringBuilder text = new StringBuilder("{");

    public JsonObject put(String name, String value) {
        return field(name).append(value == null ? "null" : quote(value));
    }

    public JsonObject put(String name, long value) {
        return field(name).append(value);
    }

    public JsonObject put(String name, boolean value) {
        return field(name).append(value);
    }

    public JsonObject put(String name, JsonObject value) {
        return field(name).append(value);
    }

    /** An array of objects. */
    public JsonObject putObjects(String name, List<JsonObject> values) {
        field(name).append('[');
        for (int i = 0; i < values.size(); i++) {
            text.append(i == 0 ? "" : ",").append(values.get(i));
        }
        text.append(']');
        return this;
    }

    /** An array of strings. */
    public JsonObject putStrings(String name, List<String> values) {
        field(name).append('[');
        for (int i = 0; i < values.size(); i++) {
            text.append(i == 0 ? "" : ",").append(quote(values.get(i)));
        }
        text.append(']');
        return this;
    }

    private JsonObject field(String name) {
        if (text.length() > 1) {
            text.append(',');
        }
        text.append(quote(name)).append(':');
        return this;
    }

    private JsonObject append(Object value) {
        text.append(value);
        return this;
    }

    /** {@code value} as a JSON string: quotes, backslashes and control characters escaped. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    @Override
    public String toString() {
        return text + "}";
    }
}

package dev.parley.json;

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.Map;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

/**
 * JSON text in and out of the tools ({@code inspect}, {@code conformance}, {@code soak}), through Jakarta JSON
 * Processing like the chat: one JSON library in the jar. The factories are looked up once ({@code Json.create...}
 * searches for the provider on every call). Output is one line, fields in the order they were added; U+2028 and
 * U+2029 come out as {@code \u2028}/{@code \u2029} (JSON allows them raw, but line-oriented readers split on them).
 */
public final class JsonText {
    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());
    private static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(Map.of());
    private static final JsonWriterFactory WRITERS = PROVIDER.createWriterFactory(Map.of());

    private JsonText() {
    }

    public static JsonObjectBuilder object() {
        return BUILDERS.createObjectBuilder();
    }

    /** A builder that starts with the fields of {@code start}, in their order. */
    public static JsonObjectBuilder object(JsonObject start) {
        return BUILDERS.createObjectBuilder(start);
    }

    public static JsonArrayBuilder array() {
        return BUILDERS.createArrayBuilder();
    }

    /** {@code value} as a JSON string, or JSON null: builders refuse a Java null. */
    public static JsonValue string(String value) {
        return value == null ? JsonValue.NULL : PROVIDER.createValue(value);
    }

    /** {@code value} as a JSON number, written as {@link BigDecimal#toString()} writes it. */
    public static JsonValue number(BigDecimal value) {
        return PROVIDER.createValue(value);
    }

    /** {@code value} as JSON text on one line. */
    public static String write(JsonValue value) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = WRITERS.createWriter(out)) {
            writer.write(value);
        }
        return out.toString().replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    public static String write(JsonObjectBuilder object) {
        return write(object.build());
    }

    /** {@code value} as a quoted JSON string: quotes, backslashes and control characters escaped (RFC 8259 §7). */
    public static String quote(String value) {
        return write(string(value));
    }

    /**
     * Parses {@code text} as one JSON object and nothing after it (a reader would stop after the object and ignore
     * the rest).
     *
     * @throws JsonException if it is not JSON, not an object, or has text after the object
     */
    public static JsonObject readObject(String text) {
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new JsonException("not a JSON object: " + clip(text));
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                throw new JsonException("text after the JSON object: " + clip(text));
            }
            return object;
        }
    }

    private static String clip(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}

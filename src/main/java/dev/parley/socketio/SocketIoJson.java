package dev.parley.socketio;

import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.Map;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

/**
 * JSON in and out of Socket.IO packets through Jakarta JSON Processing (the app servers ship it; the embedded jar
 * brings Parsson). Clients compare echoes as strings, so the output is what {@code JSON.stringify} writes for the
 * same value: compact, object keys in the order they came, numbers as they were written ({@code 1} stays {@code 1},
 * {@code 1.5} stays {@code 1.5}: a parsed number keeps its text as a {@code BigDecimal}).
 */
public final class SocketIoJson {
    /** The deepest nesting a payload may have, arrays and objects (Parsson refuses deeper; others ignore the name). */
    public static final int MAX_DEPTH = 100;

    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());
    private static final JsonWriterFactory WRITERS = PROVIDER.createWriterFactory(Map.of());
    private static final JsonGeneratorFactory GENERATORS = PROVIDER.createGeneratorFactory(Map.of());
    private static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(Map.of(
            "org.eclipse.parsson.maxDepth", MAX_DEPTH + 1));

    private SocketIoJson() {
    }

    public static JsonObjectBuilder object() {
        return BUILDERS.createObjectBuilder();
    }

    public static JsonArrayBuilder array() {
        return BUILDERS.createArrayBuilder();
    }

    /** A JSON string, or JSON null for a Java null. */
    public static JsonValue string(String value) {
        return value == null ? JsonValue.NULL : PROVIDER.createValue(value);
    }

    public static JsonValue number(long value) {
        return PROVIDER.createValue(value);
    }

    public static JsonValue number(BigDecimal value) {
        return PROVIDER.createValue(value);
    }

    /** {@code value} as compact JSON text. */
    public static String write(JsonValue value) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = WRITERS.createWriter(out)) {
            writer.write(value);
        }
        return out.toString();
    }

    /**
     * A generator of compact JSON into {@code out} (what {@link #write} writes, for a caller that streams a value
     * instead of building it first). Close it when done.
     */
    public static JsonGenerator generator(Writer out) {
        return GENERATORS.createGenerator(out);
    }

    /**
     * {@code text} as one JSON value and nothing after it.
     *
     * @throws PacketViolation if it is not exactly one JSON value within {@link #MAX_DEPTH}
     */
    public static JsonValue parse(String text) {
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            parser.next();
            JsonValue value = parser.getValue();
            // RFC 8259 §2: JSON-text = ws value ws. A parser stops after the value; "[1]]" is not JSON.
            if (parser.hasNext()) {
                throw new PacketViolation("text after the JSON payload");
            }
            return value;
        } catch (PacketViolation e) {
            throw e;
        } catch (RuntimeException e) {
            // JsonParsingException for malformed text; providers throw other RuntimeExceptions at their own bounds.
            throw new PacketViolation("payload is not valid JSON");
        }
    }
}

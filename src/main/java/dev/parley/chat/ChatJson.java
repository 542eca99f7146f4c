package dev.parley.chat;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Map;

import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

/**
 * JSON in and out of {@code /chat}, through Jakarta JSON Processing (the app servers ship it; the embedded jar
 * brings Parsson). The factories are looked up once: {@code Json.createObjectBuilder()} searches for the provider
 * on every call.
 */
public final class ChatJson {
    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());
    /**
     * Parsson's own bounds (other providers ignore these names), above what {@link JsonLimits} already guarantees:
     * a second line of defence only.
     */
    private static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(Map.of(
            "org.eclipse.parsson.maxDepth", 2 * JsonLimits.MAX_DEPTH,
            "org.eclipse.parsson.maxBigDecimalLength", 2 * JsonLimits.MAX_NUMBER_CHARS));
    /** The {@code /metrics} kind of a request that is not JSON at all. */
    static final String SYNTAX = "json_syntax";
    /** The {@code /metrics} kind of a whole number outside its field's range (e.g. 2^64 + 5, beyond a long). */
    static final String NUMBER_RANGE = "number_range";

    private ChatJson() {
    }

    public static JsonObjectBuilder object(String type) {
        return BUILDERS.createObjectBuilder().add("type", type);
    }

    /** A builder starting with {@code start}'s members, in their order. */
    static JsonObjectBuilder copy(JsonObject start) {
        return BUILDERS.createObjectBuilder(start);
    }

    /** An empty object builder. */
    static JsonObjectBuilder object() {
        return BUILDERS.createObjectBuilder();
    }

    public static jakarta.json.JsonArrayBuilder array() {
        return BUILDERS.createArrayBuilder();
    }

    /**
     * Parses a request; anything but a JSON object within {@link JsonLimits} is {@code bad_json}, with the kind
     * of failure for {@code /metrics}.
     */
    public static JsonObject parse(String text) {
        JsonLimits.Breach breach = JsonLimits.check(text);
        if (breach != null) {
            throw new RequestRejected("bad_json", breach.message, breach.kind);
        }
        JsonValue value;
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            parser.next();
            value = parser.getValue();
            // RFC 8259 §2: JSON-text = ws value ws. A reader stops after the value; "{}}}" is not JSON.
            if (parser.hasNext()) {
                throw new RequestRejected("bad_json", "text after the JSON value", SYNTAX);
            }
        } catch (RequestRejected e) {
            throw e;
        } catch (RuntimeException e) {
            // JsonException (JsonParsingException) for malformed text; providers also throw other RuntimeExceptions
            // at their own limits (JsonLimits keeps Parsson's out of reach). Each is the client's malformed input.
            throw new RequestRejected("bad_json", "not valid JSON", SYNTAX);
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new RequestRejected("bad_json", "a request must be a JSON object", SYNTAX);
        }
        return value.asJsonObject();
    }

    /** A required string field. */
    public static String string(JsonObject request, String field) {
        JsonValue value = request.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            throw new RequestRejected("missing_field", "\"" + field + "\" is required");
        }
        if (!(value instanceof JsonString string)) {
            throw new RequestRejected("bad_field", "\"" + field + "\" must be a string");
        }
        return string.getString();
    }

    /** An optional string field, or null. */
    public static String optionalString(JsonObject request, String field) {
        JsonValue value = request.get(field);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : string(request, field);
    }

    /** An optional whole-number field within {@code [min, max]}. */
    public static long number(JsonObject request, String field, long fallback, long min, long max) {
        JsonValue value = request.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return fallback;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw new RequestRejected("bad_field", "\"" + field + "\" must be a whole number");
        }
        // Compared as a BigDecimal: longValue() keeps only the low 64 bits (2^64 + 5 would pass as 5).
        BigDecimal n = number.bigDecimalValue();
        if (n.compareTo(BigDecimal.valueOf(min)) < 0 || n.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new RequestRejected("bad_field", "\"" + field + "\" must be between " + min + " and " + max,
                    NUMBER_RANGE);
        }
        return n.longValueExact();
    }
}

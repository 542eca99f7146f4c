package dev.parley.chat;

import java.io.StringReader;
import java.util.Map;

import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * JSON in and out of {@code /chat}, through Jakarta JSON Processing (the app servers ship it; the embedded jar
 * brings Parsson). The factories are looked up once: {@code Json.createObjectBuilder()} searches for the provider
 * on every call.
 */
final class ChatJson {
    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());
    private static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());

    private ChatJson() {
    }

    static JsonObjectBuilder object(String type) {
        return BUILDERS.createObjectBuilder().add("type", type);
    }

    static jakarta.json.JsonArrayBuilder array() {
        return BUILDERS.createArrayBuilder();
    }

    /** Parses a request; anything but a JSON object is {@code bad_json}. */
    static JsonObject parse(String text) {
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new RequestRejected("bad_json", "a request must be a JSON object");
            }
            return value.asJsonObject();
        } catch (jakarta.json.JsonException e) {
            throw new RequestRejected("bad_json", "not valid JSON");
        }
    }

    /** A required string field. */
    static String string(JsonObject request, String field) {
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
    static String optionalString(JsonObject request, String field) {
        JsonValue value = request.get(field);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : string(request, field);
    }

    /** An optional whole-number field within {@code [min, max]}. */
    static long number(JsonObject request, String field, long fallback, long min, long max) {
        JsonValue value = request.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return fallback;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw new RequestRejected("bad_field", "\"" + field + "\" must be a whole number");
        }
        long n = number.longValue();
        if (n < min || n > max) {
            throw new RequestRejected("bad_field", "\"" + field + "\" must be between " + min + " and " + max);
        }
        return n;
    }
}

package dev.parley.bench;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;

/**
 * Result lines as JSON on one line, through Jakarta JSON Processing (Parsson, in the jar): maps (in their order),
 * lists, strings, numbers, booleans, null. A double keeps six significant digits (NaN and infinities become null) and
 * is written without an exponent down to 10^-6, below any figure the bench reports: easy to read in the file and in any
 * JSON reader. U+2028 and U+2029 are escaped, for readers that split lines on them.
 */
final class Json {
    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());
    private static final JsonWriterFactory WRITERS = PROVIDER.createWriterFactory(Map.of());
    private static final MathContext SIX_DIGITS = new MathContext(6);

    private Json() {
    }

    static String write(Object value) {
        StringWriter out = new StringWriter(512);
        try (JsonWriter writer = WRITERS.createWriter(out)) {
            writer.write(value(value));
        }
        return out.toString().replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    private static JsonValue value(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        } else if (value instanceof String s) {
            return PROVIDER.createValue(s);
        } else if (value instanceof Double || value instanceof Float) {
            return number(((Number) value).doubleValue());
        } else if (value instanceof Number n) {
            return PROVIDER.createValue(new BigDecimal(n.toString()));
        } else if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        } else if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder object = BUILDERS.createObjectBuilder();
            map.forEach((k, v) -> object.add(String.valueOf(k), value(v)));
            return object.build();
        } else if (value instanceof List<?> list) {
            JsonArrayBuilder array = BUILDERS.createArrayBuilder();
            list.forEach(v -> array.add(value(v)));
            return array.build();
        }
        return PROVIDER.createValue(value.toString());
    }

    private static JsonValue number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return JsonValue.NULL;
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return PROVIDER.createValue((long) d);
        }
        // Parsson writes a BigDecimal as its toString(): from the plain digits, that has no exponent (down to 10^-6).
        String plain = new BigDecimal(d).round(SIX_DIGITS).stripTrailingZeros().toPlainString();
        return PROVIDER.createValue(new BigDecimal(plain));
    }
}

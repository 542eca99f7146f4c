package dev.parley.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import dev.parley.json.JsonText;

/**
 * Result lines as JSON on one line, through the tools' JSON-P helper ({@link JsonText}): maps (in their order), lists,
 * strings, numbers, booleans, null. A double keeps six significant digits (NaN and infinities become null) and is
 * written without an exponent down to 10^-6, below any figure the bench reports: easy to read in the file and in any
 * JSON reader.
 */
final class Json {
    private static final MathContext SIX_DIGITS = new MathContext(6);

    private Json() {
    }

    static String write(Object value) {
        return JsonText.write(value(value));
    }

    private static JsonValue value(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        } else if (value instanceof String s) {
            return JsonText.string(s);
        } else if (value instanceof Double || value instanceof Float) {
            return number(((Number) value).doubleValue());
        } else if (value instanceof Number n) {
            return JsonText.number(new BigDecimal(n.toString()));
        } else if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        } else if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder object = JsonText.object();
            map.forEach((k, v) -> object.add(String.valueOf(k), value(v)));
            return object.build();
        } else if (value instanceof List<?> list) {
            JsonArrayBuilder array = JsonText.array();
            list.forEach(v -> array.add(value(v)));
            return array.build();
        }
        return JsonText.string(value.toString());
    }

    private static JsonValue number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return JsonValue.NULL;
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return JsonText.number(BigDecimal.valueOf((long) d));
        }
        // A BigDecimal is written as its toString(): from the plain digits, that has no exponent (down to 10^-6).
        String plain = new BigDecimal(d).round(SIX_DIGITS).stripTrailingZeros().toPlainString();
        return JsonText.number(new BigDecimal(plain));
    }
}

package dev.parley.socketio;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Binary arguments and their placeholders (socket.io-protocol, "Packet encoding": "JSON-stringified payload without
 * binary + binary attachments extracted"): a {@code byte[]} argument travels as {@code {"_placeholder":true,"num":i}}
 * in the JSON and as the i-th attachment after it.
 *
 * <p>Only top-level arguments are binary here. A placeholder nested inside an object or array arrives as that object
 * (documented in docs/socketio-api.md).
 */
public final class Placeholders {
    private Placeholders() {
    }

    /** The JSON array and the attachments for {@code args} (each a {@link JsonValue} or a {@code byte[]}). */
    public static Split split(List<?> args) {
        JsonArrayBuilder array = SocketIoJson.array();
        List<byte[]> attachments = new ArrayList<>();
        for (Object arg : args) {
            if (arg instanceof byte[] bytes) {
                array.add(placeholder(attachments.size()));
                attachments.add(bytes);
            } else {
                array.add(toJson(arg));
            }
        }
        return new Split(array.build(), List.copyOf(attachments));
    }

    /** The JSON and attachments of a packet. */
    public record Split(JsonArray json, List<byte[]> attachments) {
    }

    /**
     * The elements of {@code array}, each top-level placeholder replaced by its attachment.
     *
     * @throws PacketViolation if a placeholder names an attachment that does not exist
     */
    public static List<Object> join(JsonArray array, List<byte[]> attachments) {
        List<Object> args = new ArrayList<>(array.size());
        for (JsonValue value : array) {
            int num = number(value);
            if (num == -1) {
                args.add(value);
            } else if (num >= 0 && num < attachments.size()) {
                args.add(attachments.get(num));
            } else {
                throw new PacketViolation("placeholder for a missing attachment");
            }
        }
        return args;
    }

    static JsonObject placeholder(int num) {
        return SocketIoJson.object().add("_placeholder", true).add("num", num).build();
    }

    /** The attachment number a placeholder names (-2 if not a usable number), or -1 if it is no placeholder. */
    private static int number(JsonValue value) {
        if (!(value instanceof JsonObject object) || object.get("_placeholder") != JsonValue.TRUE) {
            return -1;
        }
        if (object.get("num") instanceof JsonNumber n && n.isIntegral() && n.bigDecimalValue().signum() >= 0
                && n.bigDecimalValue().compareTo(BigDecimal.valueOf(PacketParser.MAX_ATTACHMENTS)) < 0) {
            return n.intValue();
        }
        return -2;
    }

    /** An argument as JSON: a {@link JsonValue}, a String, a Number, a Boolean, or null. */
    static JsonValue toJson(Object arg) {
        if (arg == null) {
            return JsonValue.NULL;
        }
        if (arg instanceof JsonValue json) {
            return json;
        }
        if (arg instanceof String s) {
            return SocketIoJson.string(s);
        }
        if (arg instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (arg instanceof Integer || arg instanceof Long || arg instanceof Short || arg instanceof Byte) {
            return SocketIoJson.number(((Number) arg).longValue());
        }
        if (arg instanceof Number n) {
            return SocketIoJson.number(new BigDecimal(n.toString()));
        }
        throw new IllegalArgumentException("not a JSON value or byte[]: " + arg.getClass().getName());
    }
}

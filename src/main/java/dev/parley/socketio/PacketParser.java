package dev.parley.socketio;

import java.util.Set;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;

/**
 * Text to {@link Packet}: {@code <type>[<attachments>-][<nsp>,][<id>][JSON]} (socket.io-protocol, "Packet
 * encoding"). Sans-I/O and stateless; every malformed packet is a {@link PacketViolation}.
 */
public final class PacketParser {
    /**
     * The most binary attachments one packet may announce. The protocol sets none; each attachment is one Engine.IO
     * message (bounded by its {@code maxPayload}), so this bounds what one connection holds while it collects them.
     */
    public static final int MAX_ATTACHMENTS = 16;
    /** The longest namespace name, in characters (the protocol sets none; the name is echoed in answers). */
    public static final int MAX_NAMESPACE = 256;
    /** The most digits of an ack id: {@code 2^53 - 1} (a JavaScript client's largest exact integer) has 16. */
    public static final int MAX_ID_DIGITS = 16;
    /** Event names the reference parser refuses in an EVENT: the client library's own events. */
    static final Set<String> RESERVED_EVENTS = Set.of("connect", "connect_error", "disconnect", "disconnecting",
            "newListener", "removeListener");

    private PacketParser() {
    }

    /**
     * @throws PacketViolation if {@code text} is not a Socket.IO v5 packet
     */
    public static Packet parse(String text) {
        if (text.isEmpty()) {
            throw new PacketViolation("empty packet");
        }
        // "<packet type>": one digit, 0 CONNECT to 6 BINARY_ACK.
        PacketType type = PacketType.ofDigit(text.charAt(0));
        if (type == null) {
            throw new PacketViolation("unknown packet type");
        }
        int i = 1;
        int attachments = 0;
        // "[<# of binary attachments>-]": BINARY_EVENT and BINARY_ACK only, a count ended by '-'.
        if (type.binary()) {
            int start = i;
            while (i < text.length() && isDigit(text.charAt(i)) && i - start <= 3) {
                i++;
            }
            if (i == start || i >= text.length() || text.charAt(i) != '-') {
                throw new PacketViolation("bad attachment count");
            }
            attachments = Integer.parseInt(text, start, i, 10);
            if (attachments > MAX_ATTACHMENTS) {
                throw new PacketViolation("more than " + MAX_ATTACHMENTS + " attachments");
            }
            i++;
        }
        // "[<namespace>,]": "the namespace is only included if it is different from the main namespace (/)". It
        // runs to the comma, or to the end ("40/custom" is accepted as the reference parser accepts it).
        String nsp = Packet.MAIN;
        if (i < text.length() && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            int end = comma < 0 ? text.length() : comma;
            nsp = text.substring(i, end);
            i = comma < 0 ? end : comma + 1;
            checkNamespace(nsp);
        }
        // "[<acknowledgment id>]": digits.
        long id = Packet.NO_ID;
        if (i < text.length() && isDigit(text.charAt(i))) {
            int start = i;
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
            }
            if (i - start > MAX_ID_DIGITS) {
                throw new PacketViolation("ack id longer than " + MAX_ID_DIGITS + " digits");
            }
            id = Long.parseLong(text, start, i, 10);
        }
        JsonValue data = null;
        if (i < text.length()) {
            char c = text.charAt(i);
            // Whatever follows the header is JSON; a letter where the id would be ("42abc[...]") is a bad id.
            if (Character.isLetter(c)) {
                throw new PacketViolation("ack id is not a number");
            }
            data = SocketIoJson.parse(text.substring(i));
        }
        checkPayload(type, data);
        // "The receiver MUST respond with an ACK packet with the same event ID": an ACK without one answers nothing.
        if (type.ack() && id == Packet.NO_ID) {
            throw new PacketViolation("ACK without an id");
        }
        return new Packet(type, nsp, id, data, attachments);
    }

    private static void checkNamespace(String nsp) {
        if (nsp.length() > MAX_NAMESPACE) {
            throw new PacketViolation("namespace longer than " + MAX_NAMESPACE + " characters");
        }
        for (int k = 0; k < nsp.length(); k++) {
            if (nsp.charAt(k) < 0x20 || nsp.charAt(k) == 0x7f) {
                throw new PacketViolation("control character in the namespace");
            }
        }
    }

    private static void checkPayload(PacketType type, JsonValue data) {
        switch (type) {
            // "the CONNECT packet now can contain a payload" (v5): an object (the auth data).
            case CONNECT -> require(data == null || data.getValueType() == ValueType.OBJECT,
                    "CONNECT payload is not an object");
            case DISCONNECT -> require(data == null, "DISCONNECT with a payload");
            // "the payload CONNECT_ERROR packet is now an object instead of a plain string" (both accepted).
            case CONNECT_ERROR -> require(data != null && (data.getValueType() == ValueType.OBJECT
                    || data.getValueType() == ValueType.STRING), "CONNECT_ERROR payload is not an object");
            // EVENT: "The payload is mandatory and MUST be a non-empty array. If that's not the case, then the
            // receiver MUST close the connection." Its first element names the event.
            case EVENT, BINARY_EVENT -> {
                require(data instanceof JsonArray, "EVENT payload is not an array");
                JsonArray array = (JsonArray) data;
                require(!array.isEmpty(), "EVENT payload is an empty array");
                require(array.get(0) instanceof JsonString, "EVENT name is not a string");
                require(!RESERVED_EVENTS.contains(((JsonString) array.get(0)).getString()), "reserved event name");
            }
            // ACK: "The payload is mandatory and MUST be an array (possibly empty)."
            case ACK, BINARY_ACK -> require(data instanceof JsonArray, "ACK payload is not an array");
            default -> throw new IllegalStateException(type.name());
        }
    }

    private static void require(boolean condition, String reason) {
        if (!condition) {
            throw new PacketViolation(reason);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

package dev.parley.engineio;

/**
 * The Engine.IO v4 packet types (engine.io-protocol, "Protocol", "Packet"): each is one digit on the wire, its
 * ordinal. A binary message has no type digit (WebSocket: a binary frame; polling: {@code b} + base64).
 */
public enum PacketType {
    OPEN, CLOSE, PING, PONG, MESSAGE, UPGRADE, NOOP;

    /** {@code values()} once: each call of it copies the array, and every packet received asks. */
    private static final PacketType[] BY_DIGIT = values();

    /** The type's digit. */
    public char digit() {
        return (char) ('0' + ordinal());
    }

    /** The type a digit names; null for any other character. */
    public static PacketType of(char digit) {
        int n = digit - '0';
        return n >= 0 && n < BY_DIGIT.length ? BY_DIGIT[n] : null;
    }
}

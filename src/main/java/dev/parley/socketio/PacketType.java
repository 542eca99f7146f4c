package dev.parley.socketio;

/**
 * The seven Socket.IO v5 packet types (socket.io-protocol, "Exchange protocol"): the digit that starts every packet.
 */
public enum PacketType {
    CONNECT,
    DISCONNECT,
    EVENT,
    ACK,
    CONNECT_ERROR,
    BINARY_EVENT,
    BINARY_ACK;

    private static final PacketType[] BY_CODE = values();

    /** The digit on the wire, 0 to 6. */
    public int code() {
        return ordinal();
    }

    /** BINARY_EVENT and BINARY_ACK: their header counts the binary attachments that follow. */
    public boolean binary() {
        return this == BINARY_EVENT || this == BINARY_ACK;
    }

    /** EVENT or BINARY_EVENT. */
    public boolean event() {
        return this == EVENT || this == BINARY_EVENT;
    }

    /** ACK or BINARY_ACK. */
    public boolean ack() {
        return this == ACK || this == BINARY_ACK;
    }

    /** The type whose digit is {@code c}, or null. */
    static PacketType ofDigit(char c) {
        int code = c - '0';
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}

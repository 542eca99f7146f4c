package dev.parley.engineio;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One Engine.IO packet: its type and its data, text ({@code text}, "" for none) or, for a binary message only,
 * bytes ({@code binary}, then {@code text} is null).
 */
public record Packet(PacketType type, String text, byte[] binary) {
    public static final Packet PING = new Packet(PacketType.PING, "", null);
    public static final Packet PONG = new Packet(PacketType.PONG, "", null);
    public static final Packet CLOSE = new Packet(PacketType.CLOSE, "", null);
    public static final Packet NOOP = new Packet(PacketType.NOOP, "", null);
    public static final Packet UPGRADE = new Packet(PacketType.UPGRADE, "", null);

    public Packet {
        if ((text == null) == (binary == null)) {
            throw new IllegalArgumentException("a packet has text or bytes, one of them");
        }
        if (binary != null && type != PacketType.MESSAGE) {
            throw new IllegalArgumentException("only a message carries bytes: " + type);
        }
    }

    /** A packet of {@code type} with text data. */
    public static Packet of(PacketType type, String text) {
        return new Packet(type, text, null);
    }

    /** A text message. */
    public static Packet message(String text) {
        return new Packet(PacketType.MESSAGE, text, null);
    }

    /** A binary message. */
    public static Packet message(byte[] data) {
        return new Packet(PacketType.MESSAGE, null, data);
    }

    public boolean isBinary() {
        return binary != null;
    }

    /** What the packet costs in an outbound buffer: its data's length in bytes (text as UTF-8), plus its type. */
    public long size() {
        return 1 + (binary != null ? binary.length : text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Packet p && p.type == type && java.util.Objects.equals(p.text, text)
                && Arrays.equals(p.binary, binary);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + (text != null ? text.hashCode() : Arrays.hashCode(binary));
    }

    @Override
    public String toString() {
        return type + (binary != null ? "(" + binary.length + " bytes)" : "(" + text + ")");
    }
}

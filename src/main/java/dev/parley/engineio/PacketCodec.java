package dev.parley.engineio;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Engine.IO v4 packets to text and back, no I/O (engine.io-protocol, "Packet encoding"). A packet is its type digit
 * followed by its data; a binary message over HTTP long-polling is {@code b} followed by the base64 of its bytes; a
 * polling payload is its packets joined by the record separator {@code \x1e}.
 */
public final class PacketCodec {
    /** "the packets are separated by the record separator character: \x1e" (engine.io-protocol, "Payload"). */
    public static final char SEPARATOR = '\u001e';

    private PacketCodec() {
    }

    /** A packet as text: in a polling payload, or a WebSocket text frame (never called with bytes for WebSocket). */
    public static String encode(Packet packet) {
        if (packet.isBinary()) {
            // "binary payloads MUST be base64 encoded and prefixed with a b character" ("HTTP long-polling")
            return "b" + Base64.getEncoder().encodeToString(packet.binary());
        }
        return packet.type().digit() + packet.text();
    }

    /** One packet from its text (a WebSocket text frame, or one record of a polling payload). */
    public static Packet decode(String text) throws MalformedPacket {
        if (text.isEmpty()) {
            throw new MalformedPacket("an empty packet");
        }
        char first = text.charAt(0);
        if (first == 'b') {
            try {
                return Packet.message(Base64.getDecoder().decode(text.substring(1)));
            } catch (IllegalArgumentException e) {
                throw new MalformedPacket("binary data that is not base64");
            }
        }
        PacketType type = PacketType.of(first);
        if (type == null) {
            throw new MalformedPacket("no packet type " + first);
        }
        return Packet.of(type, text.substring(1));
    }

    /** The packets as one polling payload, in order. */
    public static String join(List<Packet> packets) {
        StringBuilder payload = new StringBuilder();
        for (Packet packet : packets) {
            if (payload.length() > 0) {
                payload.append(SEPARATOR);
            }
            payload.append(encode(packet));
        }
        return payload.toString();
    }

    /** The packets of a polling payload, in order; the whole payload is refused if any of them is malformed. */
    public static List<Packet> split(String payload) throws MalformedPacket {
        List<Packet> packets = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = payload.indexOf(SEPARATOR, start);
            packets.add(decode(end < 0 ? payload.substring(start) : payload.substring(start, end)));
            if (end < 0) {
                return packets;
            }
            start = end + 1;
        }
    }
}

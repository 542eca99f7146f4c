package dev.parley.socketio;

import java.util.Objects;

import jakarta.json.JsonValue;

/**
 * One Socket.IO packet as its text says it: {@code <type>[<attachments>-][<nsp>,][<id>][JSON]}. Binary arguments are
 * still placeholders in {@code data} here; {@link PacketAssembler} puts the attachments in their place.
 *
 * @param type the packet type
 * @param nsp the namespace, {@code "/"} when the text names none
 * @param id the acknowledgement id, or {@link #NO_ID}
 * @param data the JSON payload, or null when the packet has none
 * @param attachments how many binary attachments follow (BINARY_EVENT and BINARY_ACK only; else 0)
 */
public record Packet(PacketType type, String nsp, long id, JsonValue data, int attachments) {
    /** The id of a packet that carries none. */
    public static final long NO_ID = -1;
    /** The main namespace, left out of the text. */
    public static final String MAIN = "/";

    public Packet {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(nsp, "nsp");
        if (id < NO_ID) {
            throw new IllegalArgumentException("id " + id);
        }
        if (attachments < 0 || (attachments > 0 && !type.binary())) {
            throw new IllegalArgumentException(attachments + " attachments on " + type);
        }
    }

    /** A packet with no id and no attachments. */
    public static Packet of(PacketType type, String nsp, JsonValue data) {
        return new Packet(type, nsp, NO_ID, data, 0);
    }

    public boolean hasId() {
        return id != NO_ID;
    }
}

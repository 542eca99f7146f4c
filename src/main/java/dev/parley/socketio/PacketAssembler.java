package dev.parley.socketio;

import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonArray;

/**
 * The packets of one connection, whole: text packets pass through, and a BINARY_EVENT or BINARY_ACK is held until
 * the n attachments its header announced have come, each its own binary message ("+ binary attachments extracted").
 * Resumable and sans-I/O; one per connection, fed in the order the messages came. Not thread-safe.
 */
public final class PacketAssembler {
    private Packet pending;
    private final List<byte[]> parts = new ArrayList<>();

    /**
     * One text message.
     *
     * @return the packet it completes, or null while it waits for attachments
     * @throws PacketViolation if it is not a packet, or attachments were still due
     */
    public Received text(String message) {
        // The reference decoder: "got plaintext data when reconstructing a packet".
        if (pending != null) {
            throw new PacketViolation("text while " + (pending.attachments() - parts.size()) + " attachments were due");
        }
        Packet packet = PacketParser.parse(message);
        if (packet.attachments() > 0) {
            pending = packet;
            return null;
        }
        return received(packet, List.of());
    }

    /**
     * One binary message: the next attachment.
     *
     * @return the packet it completes, or null while more are due
     * @throws PacketViolation if no binary packet was waiting for it
     */
    public Received binary(byte[] message) {
        if (pending == null) {
            throw new PacketViolation("binary data when no attachment was due");
        }
        parts.add(message);
        if (parts.size() < pending.attachments()) {
            return null;
        }
        Packet packet = pending;
        List<byte[]> attachments = List.copyOf(parts);
        pending = null;
        parts.clear();
        return received(packet, attachments);
    }

    /** Whether a binary packet is waiting for attachments. */
    public boolean waiting() {
        return pending != null;
    }

    private static Received received(Packet packet, List<byte[]> attachments) {
        PacketType type = packet.type();
        if (type.event() || type.ack()) {
            JsonArray array = (JsonArray) packet.data();
            // Placeholders are read in BINARY packets only; in an EVENT such an object is just an object.
            List<Object> args = type.binary() ? Placeholders.join(array, attachments) : new ArrayList<>(array);
            String event = type.event() ? PacketWriter.eventName(packet.data()) : null;
            return new Received(type, packet.nsp(), packet.id(), null,
                    type.event() ? args.subList(1, args.size()) : args, event);
        }
        return new Received(type, packet.nsp(), packet.id(), packet.data(), List.of(), null);
    }
}

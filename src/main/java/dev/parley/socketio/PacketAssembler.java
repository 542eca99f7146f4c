package dev.parley.socketio;

import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonArray;

import dev.parley.session.MemoryBudget;

/**
 * The packets of one connection, whole: text packets pass through, and a BINARY_EVENT or BINARY_ACK is held until
 * the n attachments its header announced have come, each its own binary message ("+ binary attachments extracted").
 * Resumable and sans-I/O; one per connection, fed in the order the messages came. Not thread-safe.
 *
 * <p>What it holds while it waits (the packet's text at 2 bytes a character, the attachments' bytes) is charged to a
 * {@link MemoryBudget.Share} of the server's inbound budget and given back when the packet is whole; a message whose
 * bytes the budget has no room for is refused with {@link OverBudget}.
 */
public final class PacketAssembler {
    private final MemoryBudget.Share held;
    private Packet pending;
    private final List<byte[]> parts = new ArrayList<>();

    /** @param held this connection's part of the server's inbound budget */
    public PacketAssembler(MemoryBudget.Share held) {
        this.held = held;
    }

    /** One under a budget that never refuses. */
    public PacketAssembler() {
        this(MemoryBudget.unlimited("inbound").share());
    }

    /**
     * One text message.
     *
     * @return the packet it completes, or null while it waits for attachments
     * @throws PacketViolation if it is not a packet, or attachments were still due
     * @throws OverBudget      if it announces attachments and the budget has no room to keep it while they come
     */
    public Received text(String message) {
        // The reference decoder: "got plaintext data when reconstructing a packet".
        if (pending != null) {
            throw new PacketViolation("text while " + (pending.attachments() - parts.size()) + " attachments were due");
        }
        Packet packet = PacketParser.parse(message);
        if (packet.attachments() > 0) {
            hold(2L * message.length());
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
     * @throws OverBudget      if more attachments are due and the budget has no room to keep this one meanwhile
     */
    public Received binary(byte[] message) {
        if (pending == null) {
            throw new PacketViolation("binary data when no attachment was due");
        }
        if (parts.size() + 1 < pending.attachments()) {
            hold(message.length);
            parts.add(message);
            return null;
        }
        Packet packet = pending;
        parts.add(message);
        List<byte[]> attachments = List.copyOf(parts);
        clear();
        return received(packet, attachments);
    }

    /** Drops what waits (its connection has closed), giving its bytes back to the budget. */
    public void clear() {
        pending = null;
        parts.clear();
        held.resize(0);
    }

    private void hold(long bytes) {
        if (!held.add(bytes)) {
            throw new OverBudget(bytes);
        }
    }

    /** Whether a binary packet is waiting for attachments. */
    public boolean waiting() {
        return pending != null;
    }

    /** The inbound budget had no room for {@code bytes} more of a packet waiting for its attachments. */
    public static final class OverBudget extends RuntimeException {
        private final long bytes;

        OverBudget(long bytes) {
            super("the inbound budget has no room for " + bytes + " bytes", null, false, false);
            this.bytes = bytes;
        }

        public long bytes() {
            return bytes;
        }
    }

    private static Received received(Packet packet, List<byte[]> attachments) {
        PacketType type = packet.type();
        if (type.event() || type.ack()) {
            JsonArray array = (JsonArray) packet.data();
            // Placeholders are read in BINARY packets only; in an EVENT such an object is just an object.
            List<?> all = type.binary() ? Placeholders.join(array, attachments) : array;
            String event = type.event() ? PacketWriter.eventName(packet.data()) : null;
            // copied once, into the immutable list Received keeps as it is (List.copyOf of it is itself)
            List<Object> args = List.copyOf(type.event() ? all.subList(1, all.size()) : all);
            return new Received(type, packet.nsp(), packet.id(), null, args, event);
        }
        return new Received(type, packet.nsp(), packet.id(), packet.data(), List.of(), null);
    }
}

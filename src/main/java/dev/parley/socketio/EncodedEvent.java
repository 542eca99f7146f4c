package dev.parley.socketio;

/**
 * An event of one namespace encoded once, for a caller that hands the same event to many of its sockets one by one
 * (a chat room's fan-out walks its own member list): the JSON is written here, once, not once per socket as
 * {@link SioSocket#emit(String, Object...)} would. Immutable; made by {@link Namespace#encode}, sent by
 * {@link SioSocket#emit(EncodedEvent)}.
 */
public final class EncodedEvent {
    private final Namespace namespace;
    private final PacketWriter.Outgoing packet;

    EncodedEvent(Namespace namespace, PacketWriter.Outgoing packet) {
        this.namespace = namespace;
        this.packet = packet;
    }

    /** The namespace whose sockets it may go to. */
    public Namespace namespace() {
        return namespace;
    }

    PacketWriter.Outgoing packet() {
        return packet;
    }
}

package dev.parley.socketio;

import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * {@link Packet} to text, and event or ack arguments to the text and attachments that carry them (the reverse of
 * {@link PacketParser} and {@link PacketAssembler}). Sans-I/O and stateless.
 */
public final class PacketWriter {
    private PacketWriter() {
    }

    /** {@code <type>[<attachments>-][<nsp>,][<id>][JSON]}. */
    public static String write(Packet packet) {
        StringBuilder text = new StringBuilder().append(packet.type().code());
        if (packet.type().binary()) {
            text.append(packet.attachments()).append('-');
        }
        // "the namespace is only included if it is different from the main namespace (/)", then always a comma.
        if (!packet.nsp().equals(Packet.MAIN)) {
            text.append(packet.nsp()).append(',');
        }
        if (packet.hasId()) {
            text.append(packet.id());
        }
        if (packet.data() != null) {
            text.append(SocketIoJson.write(packet.data()));
        }
        return text.toString();
    }

    /** An EVENT (BINARY_EVENT when an argument is a {@code byte[]}): the name first, then {@code args}. */
    public static Outgoing event(String nsp, long id, String event, List<?> args) {
        List<Object> all = new ArrayList<>(args.size() + 1);
        all.add(SocketIoJson.string(event));
        all.addAll(args);
        return carry(PacketType.EVENT, PacketType.BINARY_EVENT, nsp, id, all);
    }

    /** An ACK (BINARY_ACK when an argument is a {@code byte[]}) answering {@code id}. */
    public static Outgoing ack(String nsp, long id, List<?> args) {
        return carry(PacketType.ACK, PacketType.BINARY_ACK, nsp, id, args);
    }

    /** A packet without attachments. */
    public static Outgoing plain(Packet packet) {
        return new Outgoing(write(packet), List.of());
    }

    private static Outgoing carry(PacketType plain, PacketType binary, String nsp, long id, List<?> args) {
        Placeholders.Split split = Placeholders.split(args);
        int n = split.attachments().size();
        Packet packet = new Packet(n == 0 ? plain : binary, nsp, id, split.json(), n);
        return new Outgoing(write(packet), split.attachments());
    }

    /** The event name of an EVENT's payload (its first element, a string: {@link PacketParser} checked it). */
    static String eventName(JsonValue data) {
        return ((JsonString) ((JsonArray) data).get(0)).getString();
    }

    /**
     * One packet ready for {@code EngineSocket.send}: its text, then its attachments, each one Engine.IO message.
     */
    public record Outgoing(String text, List<byte[]> attachments) {
        public Outgoing {
            attachments = List.copyOf(attachments);
        }

        /** What {@code EngineSocket.send(List)} takes: the text, then the attachments, all or none. */
        public List<Object> messages() {
            List<Object> messages = new ArrayList<>(1 + attachments.size());
            messages.add(text);
            messages.addAll(attachments);
            return messages;
        }
    }
}

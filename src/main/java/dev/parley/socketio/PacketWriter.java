package dev.parley.socketio;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;

import dev.parley.engineio.EngineMessage;

/**
 * {@link Packet} to text, and event or ack arguments to the text and attachments that carry them (the reverse of
 * {@link PacketParser} and {@link PacketAssembler}). Sans-I/O and stateless.
 */
public final class PacketWriter {
    private PacketWriter() {
    }

    /** {@code <type>[<attachments>-][<nsp>,][<id>][JSON]}. */
    public static String write(Packet packet) {
        StringBuilder text = header(new StringBuilder(), packet.type(), packet.attachments(), packet.nsp(),
                packet.id());
        if (packet.data() != null) {
            text.append(SocketIoJson.write(packet.data()));
        }
        return text.toString();
    }

    /** The header of a packet, everything before its JSON. */
    private static StringBuilder header(StringBuilder text, PacketType type, int attachments, String nsp, long id) {
        text.append(type.code());
        if (type.binary()) {
            text.append(attachments).append('-');
        }
        // "the namespace is only included if it is different from the main namespace (/)", then always a comma.
        if (!nsp.equals(Packet.MAIN)) {
            text.append(nsp).append(',');
        }
        if (id != Packet.NO_ID) {
            text.append(id);
        }
        return text;
    }

    /** An EVENT (BINARY_EVENT when an argument is a {@code byte[]}): the name first, then {@code args}. */
    public static Outgoing event(String nsp, long id, String event, List<?> args) {
        return carry(PacketType.EVENT, PacketType.BINARY_EVENT, nsp, id, SocketIoJson.string(event), args);
    }

    /** An ACK (BINARY_ACK when an argument is a {@code byte[]}) answering {@code id}. */
    public static Outgoing ack(String nsp, long id, List<?> args) {
        return carry(PacketType.ACK, PacketType.BINARY_ACK, nsp, id, null, args);
    }

    /** A packet without attachments. */
    public static Outgoing plain(Packet packet) {
        return new Outgoing(write(packet), List.of());
    }

    /**
     * The packet carrying the event name {@code event} (null for an ack) and {@code args}: the header, then the
     * arguments' JSON array streamed straight after it (each {@code byte[]} a placeholder, {@link Placeholders}), with
     * no array built first.
     */
    private static Outgoing carry(PacketType plain, PacketType binary, String nsp, long id, JsonValue event,
                                  List<?> args) {
        List<byte[]> attachments = new ArrayList<>(0);
        for (Object arg : args) {
            if (arg instanceof byte[] bytes) {
                attachments.add(bytes);
            }
        }
        int n = attachments.size();
        StringWriter text = new StringWriter(64);
        text.append(header(new StringBuilder(16), n == 0 ? plain : binary, n, nsp, id));
        try (JsonGenerator json = SocketIoJson.generator(text)) {
            json.writeStartArray();
            if (event != null) {
                json.write(event);
            }
            int num = 0;
            for (Object arg : args) {
                json.write(arg instanceof byte[] ? Placeholders.placeholder(num++) : Placeholders.toJson(arg));
            }
            json.writeEnd();
        }
        return new Outgoing(text.toString(), attachments);
    }

    /** The event name of an EVENT's payload (its first element, a string: {@link PacketParser} checked it). */
    static String eventName(JsonValue data) {
        return ((JsonString) ((JsonArray) data).get(0)).getString();
    }

    /**
     * One packet ready for {@code EngineSocket.send}: its text, then its attachments, each one Engine.IO message;
     * made into its {@link EngineMessage} once, whichever number of sockets it goes to. Immutable.
     */
    public static final class Outgoing {
        private final String text;
        private final List<byte[]> attachments;
        private final EngineMessage engine;

        Outgoing(String text, List<byte[]> attachments) {
            this.text = text;
            this.attachments = List.copyOf(attachments);
            this.engine = this.attachments.isEmpty() ? EngineMessage.text(text) : EngineMessage.of(messages());
        }

        public String text() {
            return text;
        }

        public List<byte[]> attachments() {
            return attachments;
        }

        /** What {@code EngineSocket.send(List)} takes: the text, then the attachments, all or none. */
        public List<Object> messages() {
            List<Object> messages = new ArrayList<>(1 + attachments.size());
            messages.add(text);
            messages.addAll(attachments);
            return messages;
        }

        /** The same as one {@link EngineMessage}, the one every socket it is sent to gets. */
        EngineMessage engine() {
            return engine;
        }
    }
}

package dev.parley.socketio;

import java.util.List;

import jakarta.json.JsonValue;

/**
 * One whole packet from a client, its attachments in place.
 *
 * @param type the type as it came (BINARY_EVENT stays BINARY_EVENT)
 * @param nsp the namespace
 * @param id the ack id, or {@link Packet#NO_ID}
 * @param data the JSON payload of a CONNECT (the auth object) or CONNECT_ERROR; null for the others or when absent
 * @param args EVENT: the arguments after the name; ACK: all of them; each a {@link JsonValue} or a {@code byte[]}.
 *     Empty for the other types
 * @param event the event name of an EVENT, else null
 */
public record Received(PacketType type, String nsp, long id, JsonValue data, List<Object> args, String event) {
    public Received {
        args = List.copyOf(args); // no copy when args is already one (PacketAssembler's are)
    }
}

package dev.parley.socketio.clients;

import java.util.List;

/** The scenarios of the client scripts, with the steps each reports when the server keeps CONTRACT.md. */
public enum Scenario {
    /** Connect, events and acks both ways, binary, namespaces, an unknown namespace, rooms, a server disconnect. */
    BASIC("basic", List.of("connect", "welcome", "echo", "echo_binary", "ack", "server_ack", "namespace",
            "invalid_namespace", "rooms", "room_message", "leave", "server_disconnect", "done")),
    /** A connection the server refuses: connect_error with its message and data. */
    REFUSED("refused", List.of("connect_refused", "done")),
    /** The /chat protocol over Socket.IO: two members, join, presence, say, message, an error, name_taken. */
    CHAT("chat", List.of("welcome", "welcome", "join", "message", "not_member", "name_taken", "done"));

    private final String argument;
    private final List<String> steps;

    Scenario(String argument, List<String> steps) {
        this.argument = argument;
        this.steps = steps;
    }

    public String argument() {
        return argument;
    }

    /** The steps a passing run reports, in order, ending with {@code done}. */
    public List<String> steps() {
        return steps;
    }
}

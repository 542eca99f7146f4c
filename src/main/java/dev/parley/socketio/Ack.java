package dev.parley.socketio;

import java.util.List;

/**
 * The answer to a client's event: {@code socket.emit("x", data, (answer) => ...)} on the client gets the arguments
 * given here. Only the first {@link #send} goes out; when the client asked for none, {@link #requested()} is false
 * and sending does nothing.
 */
public interface Ack {
    /** Whether the client asked for an answer (its event carried an id). */
    boolean requested();

    /**
     * Answers with the elements of {@code args} as the arguments: each a jakarta.json {@code JsonValue}, String,
     * Number, Boolean, null or byte[].
     */
    void sendAll(List<?> args);

    /**
     * Answers with {@code args} (a {@code JsonArray} given here is one argument; {@link #sendAll} spreads a list).
     */
    default void send(Object... args) {
        sendAll(java.util.Arrays.asList(args));
    }

    /** The ack of an event that asked for none. */
    Ack NONE = new Ack() {
        @Override
        public boolean requested() {
            return false;
        }

        @Override
        public void sendAll(List<?> args) {
        }
    };
}

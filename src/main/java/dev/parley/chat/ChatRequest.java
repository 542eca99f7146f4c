package dev.parley.chat;

/**
 * One request of the {@code /chat} protocol (docs/protocol.md, "Requests"), decoded and checked once by
 * {@link RequestDecoder}: every field is present, of its type and within its range, so a handler only acts.
 * {@code ack} is the client's request id, or null when it sent none.
 */
sealed interface ChatRequest {
    String ack();

    /** Join {@code room}; the room itself answers (members, last id, epoch). */
    record Join(String ack, String room) implements ChatRequest {
    }

    record Leave(String ack, String room) implements ChatRequest {
    }

    record Say(String ack, String room, String text) implements ChatRequest {
    }

    /** To every session of user {@code to} (not checked against the name rule: no session holds a bad name). */
    record Whisper(String ack, String to, String text) implements ChatRequest {
    }

    /** Tells the room's other members that this user is typing there: ephemeral, never stored ({@link Typing}). */
    record Typing(String ack, String room) implements ChatRequest {
    }

    /** Messages after {@code since}, at most {@code limit}; {@code epoch} is the client's, or null if it sent none. */
    record History(String ack, String room, long since, int limit, String epoch) implements ChatRequest {
    }
}

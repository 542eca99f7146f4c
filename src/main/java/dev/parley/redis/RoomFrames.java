package dev.parley.redis;

import java.time.Instant;

import jakarta.json.JsonObject;

import dev.parley.chat.ChatJson;
import dev.parley.chat.ChatMessage;

/**
 * The frames a room's scripts finish and publish, rendered here once per message exactly as the memory store renders
 * them ({@link ChatMessage#toJson()}): a message's frame is split around its id, which only the say script knows;
 * presence frames are whole. And back: a kept frame read as the {@link ChatMessage} it was made from. Sans-I/O.
 */
final class RoomFrames {
    /** An id no message has, marking where the id goes; room names (before it) cannot contain it. */
    private static final long MARK = Long.MIN_VALUE;
    private static final String MARKED = "\"id\":" + MARK;

    private RoomFrames() {
    }

    /** A message frame around its id: {@code prefix + id + suffix} is the frame of message {@code id}. */
    record Template(String prefix, String suffix) {
        String frame(long id) {
            return prefix + id + suffix;
        }
    }

    static Template message(String room, String from, String text, Instant ts) {
        String whole = new ChatMessage(room, MARK, from, text, ts).toJson().toString();
        int at = whole.indexOf(MARKED) + "\"id\":".length();
        return new Template(whole.substring(0, at), whole.substring(at + String.valueOf(MARK).length()));
    }

    /** The presence frame of {@code user}'s {@code event} ("join" or "leave") in {@code room}. */
    static String presence(String room, String user, String event) {
        return ChatJson.object("presence").add("room", room).add("user", user).add("event", event).build().toString();
    }

    /** The presence leave frame around its user, for the evict script ({@code prefix + user + suffix}). */
    static Template leaveAround(String room) {
        String mark = "u0";
        String whole = presence(room, mark, "leave");
        int at = whole.indexOf("\"user\":\"" + mark + "\"") + "\"user\":\"".length();
        return new Template(whole.substring(0, at), whole.substring(at + mark.length()));
    }

    /** The message a kept frame carries. */
    static ChatMessage parse(String frame) {
        JsonObject json = ChatJson.parse(frame);
        return new ChatMessage(json.getString("room"), json.getJsonNumber("id").longValueExact(),
                json.getString("from"), json.getString("text"), Instant.parse(json.getString("ts")));
    }
}

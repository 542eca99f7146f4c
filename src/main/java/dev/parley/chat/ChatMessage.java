package dev.parley.chat;

import java.time.Instant;

import jakarta.json.JsonObject;

/** One message said in a room: its id is its place in the room's sequence (1, 2, 3...). */
public record ChatMessage(String room, long id, String from, String text, Instant ts) {
    /**
     * What a kept message costs besides its strings' characters, from above (compressed references, as on any heap
     * under 32 GB): the record (40 bytes), two {@code String}s with their arrays and alignment (2 x 47), the
     * {@code Instant} (24) and the history's list node (24): 182, rounded up.
     */
    static final int OVERHEAD_BYTES = 192;

    /** The {@code message} frame's JSON. */
    public JsonObject toJson() {
        return ChatJson.object("message") // never Json.createObjectBuilder(): it looks the provider up every call
                .add("room", room)
                .add("id", id)
                .add("from", from)
                .add("text", text)
                .add("ts", ts.toString())
                .build();
    }

    /**
     * The heap this message holds while kept in a history, estimated from above: the JVM stores a string of Latin-1
     * characters in one byte each and any other in two. The room name is the room's own and not counted.
     */
    long heapBytes() {
        return OVERHEAD_BYTES + stringBytes(from) + stringBytes(text);
    }

    private static long stringBytes(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return 2L * s.length();
            }
        }
        return s.length();
    }
}

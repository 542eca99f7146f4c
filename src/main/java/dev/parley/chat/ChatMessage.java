package dev.parley.chat;

import java.time.Instant;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** One message said in a room: its id is its place in the room's sequence (1, 2, 3...). */
record ChatMessage(String room, long id, String from, String text, Instant ts) {

    JsonObject toJson() {
        return Json.createObjectBuilder()
                .add("type", "message")
                .add("room", room)
                .add("id", id)
                .add("from", from)
                .add("text", text)
                .add("ts", ts.toString())
                .build();
    }
}

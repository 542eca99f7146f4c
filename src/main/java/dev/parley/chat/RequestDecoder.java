package dev.parley.chat;

import java.util.regex.Pattern;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import dev.parley.session.OutboundQueue;

/**
 * Turns one text frame into a {@link ChatRequest}, or into the {@code error} it is answered with (docs/protocol.md,
 * "Errors"): the JSON is parsed once ({@link ChatJson#parse}, {@code bad_json} with its {@code /metrics} kind), then
 * the type and each field are checked in the order the protocol lists them. Sans-I/O and thread-safe: the same text
 * always gives the same answer.
 */
final class RequestDecoder {
    /** Room names: 1-64 letters, digits, '_', '-', '.'. */
    private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /**
     * What one frame said: its request, or why it is refused ({@code rejected}). {@code ack} is the frame's string
     * {@code "ack"} if it was a JSON object with one, whether or not the rest passed: the answer carries it.
     */
    record Decoded(String ack, ChatRequest request, RequestRejected rejected) {
    }

    private final int maxTextBytes;
    private final int historySize;

    /** Texts are limited to {@code maxTextBytes} UTF-8 bytes, history requests to {@code historySize} messages. */
    RequestDecoder(int maxTextBytes, int historySize) {
        this.maxTextBytes = maxTextBytes;
        this.historySize = historySize;
    }

    Decoded decode(String text) {
        JsonObject json;
        try {
            json = ChatJson.parse(text);
        } catch (RequestRejected unparsable) {
            return new Decoded(null, null, unparsable);
        }
        String ack = json.get("ack") instanceof JsonString id ? id.getString() : null;
        try {
            return new Decoded(ack, request(json, ack), null);
        } catch (RequestRejected refused) {
            return new Decoded(ack, null, refused);
        }
    }

    private ChatRequest request(JsonObject json, String ack) {
        String type = ChatJson.string(json, "type");
        return switch (type) {
            case "join" -> new ChatRequest.Join(ack, room(json));
            case "leave" -> new ChatRequest.Leave(ack, room(json));
            case "say" -> new ChatRequest.Say(ack, room(json), text(json));
            case "typing" -> new ChatRequest.Typing(ack, room(json));
            case "whisper" -> new ChatRequest.Whisper(ack, ChatJson.string(json, "to"), text(json));
            case "history" -> new ChatRequest.History(ack, room(json),
                    ChatJson.number(json, "since", 0, 0, Long.MAX_VALUE),
                    (int) ChatJson.number(json, "limit", 100, 1, historySize),
                    ChatJson.optionalString(json, "epoch"));
            default -> throw new RequestRejected("unknown_type", "unknown request type \"" + type + "\"");
        };
    }

    private static String room(JsonObject json) {
        String name = ChatJson.string(json, "room");
        checkRoom(name);
        return name;
    }

    private String text(JsonObject json) {
        String text = ChatJson.string(json, "text");
        checkText(text);
        return text;
    }

    /** @throws RequestRejected {@code bad_field} unless {@code name} keeps the room name rule */
    static void checkRoom(String name) {
        if (!ROOM.matcher(name).matches()) {
            throw new RequestRejected("bad_field", "room names are 1-64 letters, digits, '_', '-' or '.'");
        }
    }

    /** @throws RequestRejected {@code bad_field} for an empty text, {@code text_too_long} over the limit */
    void checkText(String text) {
        if (text.isEmpty()) {
            throw new RequestRejected("bad_field", "\"text\" must not be empty");
        }
        int bytes = OutboundQueue.utf8Length(text);
        if (bytes > maxTextBytes) {
            throw new RequestRejected("text_too_long", "text of " + bytes + " bytes is over the limit of "
                    + maxTextBytes);
        }
    }
}

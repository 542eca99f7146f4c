package dev.parley.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;

/**
 * {@code POST /api/rooms/{room}/messages} with {@code Authorization: Bearer <api key>} and a body
 * {@code {"text":"...","from":"..."}}: server push into a room, delivered as a normal message (next id, kept in
 * the history). One implementation for every container: the embedded server and the WAR each adapt their HTTP
 * request to {@link #handle} and write back the {@link Reply}.
 */
public final class PublishApi {
    /** Where the API lives; adapters route this prefix here. */
    public static final String PREFIX = "/api/";
    /** Largest request body read. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Pattern PATH = Pattern.compile("/api/rooms/([^/]+)/messages");

    /** The HTTP answer: status and a JSON body. */
    public record Reply(int status, String json) {
    }

    private final ChatService chat;

    public PublishApi(ChatService chat) {
        this.chat = chat;
    }

    /** Answers one request; {@code body} is null when it was over {@link #MAX_BODY_BYTES}. */
    public Reply handle(String method, String path, String authorization, byte[] body) {
        String key = chat.config().apiKey();
        Matcher route = PATH.matcher(path);
        if (key == null || !route.matches()) {
            return error(404, "not_found", key == null ? "the publish API is off (start with --api-key)"
                    : "no such resource; POST /api/rooms/{room}/messages");
        }
        if (!"POST".equals(method)) {
            return error(405, "method_not_allowed", "use POST");
        }
        if (!authorized(authorization, key)) {
            return error(401, "unauthorized", "Authorization: Bearer <api key> is missing or wrong");
        }
        if (body == null) {
            return error(413, "too_large", "the body is over " + MAX_BODY_BYTES + " bytes");
        }
        try {
            JsonObject request = ChatJson.parse(new String(body, StandardCharsets.UTF_8));
            String from = ChatJson.optionalString(request, "from");
            long id = chat.publish(route.group(1), from == null ? "api" : from, ChatJson.string(request, "text"));
            return new Reply(202, ChatJson.object("accepted").add("id", id).build().toString());
        } catch (RequestRejected e) {
            return error(400, e.code(), e.getMessage());
        }
    }

    private static boolean authorized(String authorization, String key) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, key.getBytes(StandardCharsets.UTF_8));
    }

    private static Reply error(int status, String code, String message) {
        return new Reply(status, ChatJson.object("error").add("code", code).add("message", message).build()
                .toString());
    }
}

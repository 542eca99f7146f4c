package dev.parley.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;

/**
 * {@code POST /api/rooms/{room}/messages} with {@code Authorization: Bearer <api key>} and a body
 * {@code {"text":"...","from":"..."}}: server push into a room, delivered as a normal message (next id, kept in
 * the history). One implementation for every container: the embedded server and the WAR each adapt their HTTP
 * request to {@link #handle} and write back the {@link Reply} once its stage completes. When the room store does not
 * answer (it refuses with {@code unavailable}, or fails), 503 with {@code Retry-After}: the message may or may not
 * have been published.
 */
public final class PublishApi {
    private static final Logger LOG = Logger.getLogger(PublishApi.class.getName());
    /** Where the API lives; adapters route this prefix here. */
    public static final String PREFIX = "/api/";
    /** Largest request body read. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Pattern PATH = Pattern.compile("/api/rooms/([^/]+)/messages");

    /** What a 503 asks the client to wait before it tries again, in seconds ({@code Retry-After}). */
    public static final int RETRY_AFTER_SECONDS = 1;

    /** The HTTP answer: status, a JSON body, and {@code Retry-After} in seconds (0: none). */
    public record Reply(int status, String json, int retryAfterSeconds) {
        public Reply(int status, String json) {
            this(status, json, 0);
        }
    }

    private final ChatService<?> chat;

    public PublishApi(ChatService<?> chat) {
        this.chat = chat;
    }

    /**
     * Answers one request; {@code body} is null when it was over {@link #MAX_BODY_BYTES}. The same as
     * {@link #refusal} and then {@link #publish}.
     */
    public CompletionStage<Reply> handle(String method, String path, String authorization, byte[] body) {
        Reply refusal = refusal(method, path, authorization);
        return refusal != null ? CompletableFuture.completedFuture(refusal) : publish(path, body);
    }

    /**
     * The checks that need no body, in order: route and API on (404), method (405), key (401). Null when the request
     * passes them and its body should be read; an adapter reads no body before this says so (issue 11: a request that
     * is refused anyway must not make the server wait for its body).
     */
    public Reply refusal(String method, String path, String authorization) {
        String key = chat.config().apiKey();
        if (key == null || !PATH.matcher(path).matches()) {
            return error(404, "not_found", key == null ? "the publish API is off (start with --api-key)"
                    : "no such resource; POST /api/rooms/{room}/messages");
        }
        if (!"POST".equals(method)) {
            return error(405, "method_not_allowed", "use POST");
        }
        if (!authorized(authorization, key)) {
            return error(401, "unauthorized", "Authorization: Bearer <api key> is missing or wrong");
        }
        return null;
    }

    /**
     * Publishes {@code body} to the room named in {@code path}, a request {@link #refusal} has passed; {@code body} is
     * null when it was over {@link #MAX_BODY_BYTES}. The stage completes (never exceptionally) once the room store
     * has answered: 202 with the id; 400 for a bad body or the store's refusal; 503 when the store did not answer.
     */
    public CompletionStage<Reply> publish(String path, byte[] body) {
        Matcher route = PATH.matcher(path);
        if (!route.matches()) {
            return CompletableFuture.completedFuture(error(404, "not_found",
                    "no such resource; POST /api/rooms/{room}/messages"));
        }
        return publishTo(route.group(1), body, "api");
    }

    /**
     * Publishes {@code body} ({@code {"text":"...","from":"..."}}, {@code from} defaulting to {@code author}) to
     * {@code room}, answered as {@link #publish}: the one publish path, for the publish API and the admin API.
     */
    public CompletionStage<Reply> publishTo(String room, byte[] body, String author) {
        if (body == null) {
            return CompletableFuture.completedFuture(tooLarge());
        }
        CompletionStage<Long> published;
        try {
            JsonObject request = ChatJson.parse(new String(body, StandardCharsets.UTF_8));
            String from = ChatJson.optionalString(request, "from");
            published = chat.publishAsync(room, from == null ? author : from, ChatJson.string(request, "text"));
        } catch (RequestRejected e) {
            return CompletableFuture.completedFuture(error(400, e.code(), e.getMessage()));
        }
        return published.handle((id, failure) -> failure == null
                ? new Reply(202, ChatJson.object("accepted").add("id", id).build().toString())
                : failed(room, failure));
    }

    /** The answer to a publish the store refused (400) or did not answer (503, {@code Retry-After}). */
    static Reply failed(String room, Throwable failure) {
        RequestRejected rejected = RequestFailures.rejection(failure);
        if (rejected != null && !rejected.code().equals("unavailable")) {
            return error(400, rejected.code(), rejected.getMessage());
        }
        if (rejected == null) {
            Throwable cause = RequestFailures.cause(failure);
            LOG.warning(() -> "event=store-failed request=publish room=" + room + " cause=" + cause);
        }
        String message = rejected == null ? RequestFailures.UNAVAILABLE : rejected.getMessage();
        return new Reply(503, ChatJson.object("error").add("code", "unavailable").add("message", message).build()
                .toString(), RETRY_AFTER_SECONDS);
    }

    /** 413: the body is (or announces itself) over {@link #MAX_BODY_BYTES}. */
    public static Reply tooLarge() {
        return error(413, "too_large", "the body is over " + MAX_BODY_BYTES + " bytes");
    }

    /** 408: the body did not arrive within {@code timeout}; {@code received} of {@code expected} bytes came (-1: unknown). */
    public static Reply bodyTimedOut(Duration timeout, long received, long expected) {
        return error(408, "body_timeout", "the request body did not arrive within " + timeout.toMillis() + " ms ("
                + received + " of " + (expected < 0 ? "?" : Long.toString(expected)) + " bytes)");
    }

    /** 400: the body ended before the length its Content-Length announced. */
    public static Reply bodyCutShort(long received, long expected) {
        return error(400, "bad_request", "the body ended after " + received + " of " + expected + " bytes");
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

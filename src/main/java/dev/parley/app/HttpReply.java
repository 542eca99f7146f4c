package dev.parley.app;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP answer, whatever container sends it: status, content type, further headers ({@code Retry-After},
 * {@code Cache-Control}, {@code Connection: close}, ...) and a body sent with its length. Adapters copy it out as is.
 */
public record HttpReply(int status, String contentType, Map<String, String> headers, byte[] body) {
    public static final String JSON = "application/json;charset=UTF-8";

    public HttpReply {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A JSON answer. */
    public static HttpReply json(int status, String json) {
        return new HttpReply(status, JSON, Map.of(), json.getBytes(StandardCharsets.UTF_8));
    }

    /** 405 with {@code Allow}: the route exists, the method is not one of {@code allow} (RFC 9110 §15.5.6). */
    public static HttpReply notAllowed(String allow) {
        return json(405, "{\"type\":\"error\",\"code\":\"method_not_allowed\",\"message\":\"use " + allow + "\"}")
                .withHeader("Allow", allow);
    }

    /** {@code Retry-After} for {@code after}: whole seconds, rounded up, at least 1 (RFC 9110 §10.2.3). */
    public static String retryAfter(Duration after) {
        return Long.toString(Math.max(1, (after.toMillis() + 999) / 1000));
    }

    /** This reply with one more header (replacing one of the same name). */
    public HttpReply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpReply(status, contentType, more, body);
    }

    /**
     * This reply, and the connection closes after it: a request body may still be on its way (it is not waited for),
     * or a kept-alive client would hold a shutdown for its grace.
     */
    public HttpReply closing() {
        return withHeader("Connection", "close");
    }

    /** The body as text, for tests and log lines. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}

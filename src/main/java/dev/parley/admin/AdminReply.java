package dev.parley.admin;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer of the admin page or API, container-free ({@code app.AdminRoute} makes it an HTTP reply): status,
 * content type, further headers, body.
 */
public record AdminReply(int status, String contentType, Map<String, String> headers, byte[] body) {
    static final String JSON = "application/json;charset=UTF-8";

    public AdminReply {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    static AdminReply json(int status, String json) {
        return new AdminReply(status, JSON, Map.of(), json.getBytes(StandardCharsets.UTF_8));
    }

    /** 405 with {@code Allow}. */
    static AdminReply notAllowed(String allow) {
        return AdminJson.error(405, "method_not_allowed", "use " + allow).withHeader("Allow", allow);
    }

    AdminReply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new AdminReply(status, contentType, more, body);
    }

    /** The body as text, for tests and log lines. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}

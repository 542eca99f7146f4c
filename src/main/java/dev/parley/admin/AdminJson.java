package dev.parley.admin;

import jakarta.json.Json;
import jakarta.json.JsonObject;


/** The admin API's JSON answers: never cached, never sniffed, never framed, never shared with another origin. */
final class AdminJson {
    private AdminJson() {
    }

    /** {@code json} with status {@code status} and the admin's headers. */
    static AdminReply reply(int status, JsonObject json) {
        return guarded(AdminReply.json(status, json.toString()));
    }

    /** {@code {"type":"error","code":...,"message":...}}. */
    static AdminReply error(int status, String code, String message) {
        return reply(status, Json.createObjectBuilder().add("type", "error").add("code", code)
                .add("message", message).build());
    }

    /** {@code reply} with the headers every admin answer carries (and no CORS header, ever). */
    static AdminReply guarded(AdminReply reply) {
        return reply.withHeader("Cache-Control", "no-store").withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("X-Frame-Options", "DENY").withHeader("Referrer-Policy", "no-referrer");
    }
}

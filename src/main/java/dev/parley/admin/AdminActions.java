package dev.parley.admin;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.logging.Logger;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import dev.parley.chat.ChatJson;
import dev.parley.chat.PublishApi;
import dev.parley.engineio.EngineServer;
import dev.parley.engineio.EngineSession;
import dev.parley.metrics.Metrics;
import dev.parley.session.Sessions;

/**
 * What the admin may do: publish into a room (through the publish API's path, {@link PublishApi#publishTo}: the next
 * id, kept in the history) and close a session with a code and reason its client receives. Each action is one log
 * line naming who (the admin's address) did what to which, and counted in {@code parley_admin_actions_total}.
 */
final class AdminActions {
    private static final Logger LOG = Logger.getLogger(AdminActions.class.getName());
    /** The longest close reason RFC 6455 §5.5 allows: 125 bytes of payload less the 2-byte code. */
    static final int MAX_REASON_BYTES = 123;

    private final PublishApi publish;
    private final Sessions sessions;
    private final Supplier<List<EngineServer>> engines;
    private final Metrics metrics;

    AdminActions(PublishApi publish, Sessions sessions, Supplier<List<EngineServer>> engines, Metrics metrics) {
        this.publish = publish;
        this.sessions = sessions;
        this.engines = engines;
        this.metrics = metrics;
    }

    /** Publishes {@code body} ({@code {"text":"...","from":"..."}}, from {@code admin} by default) to {@code room}. */
    CompletionStage<AdminReply> publish(String peer, String room, byte[] body) {
        return publish.publishTo(room, body, "admin").thenApply(reply -> {
            if (reply.status() == 202) {
                metrics.adminAction("publish");
                LOG.info(() -> "event=admin-publish peer=" + peer + " room=" + Sessions.quoted(room)
                        + " answer=" + reply.json());
            }
            return AdminJson.guarded(AdminReply.json(reply.status(), reply.json()));
        });
    }

    /**
     * Closes session {@code id} with the body's {@code code} (1000, 1001, 1008, 1011, 1012, 1013 or 3000-4999) and
     * {@code reason} (at most 123 UTF-8 bytes). An Engine.IO session on polling has no close code: it is closed
     * with the reason alone.
     */
    CompletionStage<AdminReply> close(String peer, String id, byte[] body) {
        JsonObject request;
        try {
            request = parse(body);
        } catch (IllegalArgumentException bad) {
            return done(AdminJson.error(400, "bad_request", bad.getMessage()));
        }
        int code = request.get("code") instanceof JsonNumber number && number.isIntegral() ? number.intValue() : -1;
        String reason = request.get("reason") instanceof JsonString text ? text.getString() : "";
        if (!allowed(code)) {
            return done(AdminJson.error(400, "bad_code",
                    "code must be 1000, 1001, 1008, 1011, 1012, 1013 or 3000-4999"));
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            return done(AdminJson.error(400, "reason_too_long", "the reason is over " + MAX_REASON_BYTES + " bytes"));
        }
        for (Session session : sessions.all()) {
            if (session.getId().equals(id)) {
                return done(closed(peer, id, code, reason, SessionList.WEBSOCKET, () -> Sessions.closeQuietly(
                        session, new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason))));
            }
        }
        for (EngineServer engine : engines.get()) {
            EngineSession session = engine.session(id);
            if (session != null && session.isOpen()) {
                return done(closed(peer, id, code, reason, SessionList.ENGINE_POLLING, () -> session.close(reason)));
            }
        }
        return done(AdminJson.error(404, "no_such_session", "no open session has this id"));
    }

    private AdminReply closed(String peer, String id, int code, String reason, String transport, Runnable close) {
        close.run();
        metrics.adminAction("close");
        LOG.info(() -> "event=admin-close peer=" + peer + " session=" + id + " transport=" + Sessions.quoted(transport)
                + " code=" + code + " reason=" + Sessions.quoted(reason));
        return AdminJson.reply(202, Json.createObjectBuilder().add("type", "closed").add("session", id)
                .add("code", code).add("reason", reason).build());
    }

    static boolean allowed(int code) {
        return code == 1000 || code == 1001 || code == 1008 || code == 1011 || code == 1012 || code == 1013
                || (code >= 3000 && code <= 4999);
    }

    private static JsonObject parse(byte[] body) {
        if (body == null) {
            throw new IllegalArgumentException("the body is over " + PublishApi.MAX_BODY_BYTES + " bytes");
        }
        try {
            return ChatJson.parse(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException notAnObject) { // the chat's parser and limits: RequestRejected
            throw new IllegalArgumentException("the body must be a JSON object {\"code\":4000,\"reason\":\"...\"}");
        }
    }

    private static CompletionStage<AdminReply> done(AdminReply reply) {
        return CompletableFuture.completedFuture(reply);
    }
}

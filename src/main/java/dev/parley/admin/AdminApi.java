package dev.parley.admin;

import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


/**
 * The admin API under {@code /admin/api/}, every request through the {@link AdminGate} first:
 * {@code GET /admin/api/overview} ({@link Overview}), {@code POST /admin/api/rooms/{room}/messages} and
 * {@code POST /admin/api/sessions/{id}/close} ({@link AdminActions}). docs/admin.md has examples.
 */
final class AdminApi {
    static final String PREFIX = "/admin/api/";
    private static final String OVERVIEW = PREFIX + "overview";
    private static final Pattern PUBLISH = Pattern.compile("/admin/api/rooms/([^/]+)/messages");
    private static final Pattern CLOSE = Pattern.compile("/admin/api/sessions/([^/]+)/close");

    private final AdminGate gate;
    private final Overview overview;
    private final AdminActions actions;

    AdminApi(AdminGate gate, Overview overview, AdminActions actions) {
        this.gate = gate;
        this.overview = overview;
        this.actions = actions;
    }

    String path() {
        return PREFIX;
    }

    AdminReply head(AdminRequest request) {
        AdminReply refusal = gate.apiRefusal(request);
        if (refusal != null) {
            return refusal;
        }
        String path = request.path();
        if (path.equals(OVERVIEW)) {
            return request.isGetOrHead() ? AdminJson.reply(200, overview.json()) : AdminJson.guarded(
                    AdminReply.notAllowed("GET, HEAD"));
        }
        if (PUBLISH.matcher(path).matches() || CLOSE.matcher(path).matches()) {
            return request.method().equals("POST") ? null : AdminJson.guarded(AdminReply.notAllowed("POST"));
        }
        return AdminJson.error(404, "not_found", "no such resource; see docs/admin.md");
    }

    CompletionStage<AdminReply> answer(AdminRequest request, byte[] body) {
        Matcher publish = PUBLISH.matcher(request.path());
        if (publish.matches()) {
            return actions.publish(request.peer(), publish.group(1), body);
        }
        Matcher close = CLOSE.matcher(request.path());
        if (!close.matches()) {
            throw new IllegalStateException("head() answers " + request.path());
        }
        return actions.close(request.peer(), close.group(1), body);
    }
}

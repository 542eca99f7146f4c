package dev.parley.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import dev.parley.admin.Admin;
import dev.parley.admin.AdminReply;
import dev.parley.admin.AdminRequest;

/**
 * The admin page ({@link Admin}) as routes: its API under {@link Admin#API} (its checks from the head, then the
 * body of an action) and each of its files at its exact path.
 */
final class AdminRoute implements Route {
    private final Admin admin;
    private final String path;

    private AdminRoute(Admin admin, String path) {
        this.admin = admin;
        this.path = path;
    }

    /** The API first: its prefix lies under the page's path. */
    static List<Route> of(Admin admin) {
        List<Route> routes = new ArrayList<>();
        routes.add(new AdminRoute(admin, Admin.API));
        admin.pagePaths().forEach(page -> routes.add(new AdminRoute(admin, page)));
        return routes;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public HttpReply head(HttpRequest request) {
        AdminRequest asked = asked(request);
        AdminReply reply = path.equals(Admin.API) ? admin.head(asked) : admin.page(asked);
        return reply == null ? null : reply(reply);
    }

    @Override
    public CompletionStage<HttpReply> answer(HttpRequest request, byte[] body) {
        return admin.answer(asked(request), body).thenApply(AdminRoute::reply);
    }

    private static AdminRequest asked(HttpRequest request) {
        return new AdminRequest(request.method(), request.path(), request.peer(), request::header);
    }

    private static HttpReply reply(AdminReply reply) {
        return new HttpReply(reply.status(), reply.contentType(), reply.headers(), reply.body());
    }
}

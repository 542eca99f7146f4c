package dev.parley.server;

import java.io.IOException;

import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/** {@code GET /health}: {@code 200 {"status":"UP"}} while the server runs. */
final class HealthHandler extends HttpHandler {
    private static final String UP = "{\"status\":\"UP\"}";

    @Override
    public void service(Request request, Response response) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(UP);
    }
}

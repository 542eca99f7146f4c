package dev.parley.server;

import java.io.IOException;

import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * {@code GET /health}: {@code 200 {"status":"UP"}} while the server runs; once shutdown has begun ({@link ShutdownGate}),
 * {@code 503 {"status":"STOPPING"}} with {@code Retry-After}, so a load balancer takes the instance out of rotation.
 */
final class HealthHandler extends HttpHandler {
    private static final String UP = "{\"status\":\"UP\"}";
    private static final String STOPPING = "{\"status\":\"STOPPING\"}";

    private final ShutdownGate gate;

    HealthHandler(ShutdownGate gate) {
        this.gate = gate;
    }

    @Override
    public void service(Request request, Response response) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        if (gate.closed()) {
            response.setStatus(503);
            response.setHeader("Retry-After", gate.retryAfterSeconds());
            response.setHeader("Connection", "close"); // a kept-alive checker would hold the shutdown for its grace
            response.getWriter().write(STOPPING);
        } else {
            response.getWriter().write(UP);
        }
    }
}

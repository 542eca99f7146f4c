package dev.parley.app;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /health}: {@code 200 {"status":"UP"}} while the server runs; once shutdown has begun,
 * {@code 503 {"status":"STOPPING"}} with {@code Retry-After} and {@code Connection: close}, so a load balancer takes
 * the instance out of rotation and a kept-alive checker does not hold the shutdown for its grace.
 */
final class HealthRoute implements Route {
    static final String PATH = "/health";
    private static final HttpReply UP = HttpReply.json(200, "{\"status\":\"UP\"}")
            .withHeader("Cache-Control", "no-store");

    private final BooleanSupplier stopping;
    private final HttpReply stoppingReply;

    /** {@code retryAfter}: when to come back ({@link HttpReply#retryAfter}). */
    HealthRoute(BooleanSupplier stopping, Duration retryAfter) {
        this.stopping = stopping;
        this.stoppingReply = HttpReply.json(503, "{\"status\":\"STOPPING\"}")
                .withHeader("Cache-Control", "no-store")
                .withHeader("Retry-After", HttpReply.retryAfter(retryAfter))
                .closing();
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public HttpReply head(HttpRequest request) {
        if (!request.isGetOrHead()) {
            return HttpReply.notAllowed("GET, HEAD");
        }
        return stopping.getAsBoolean() ? stoppingReply : UP;
    }
}

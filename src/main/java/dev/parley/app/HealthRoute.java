package dev.parley.app;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /health}: {@code 200 {"status":"UP"}} while the server runs; once shutdown has begun,
 * {@code 503 {"status":"STOPPING"}} with {@code Retry-After} and {@code Connection: close}, so a load balancer takes
 * the instance out of rotation and a kept-alive checker does not hold the shutdown for its grace.
 */
final class HealthRoute {
    static final String PATH = "/health";
    private static final HttpReply UP = HttpReply.json(200, "{\"status\":\"UP\"}")
            .withHeader("Cache-Control", "no-store");

    private HealthRoute() {
    }

    /** The route; {@code retryAfter}: when to come back ({@link HttpReply#retryAfter}). */
    static Route of(BooleanSupplier stopping, Duration retryAfter) {
        HttpReply stoppingReply = HttpReply.json(503, "{\"status\":\"STOPPING\"}")
                .withHeader("Cache-Control", "no-store")
                .withHeader("Retry-After", HttpReply.retryAfter(retryAfter))
                .closing();
        return new GetRoute(PATH, () -> stopping.getAsBoolean() ? stoppingReply : UP);
    }
}

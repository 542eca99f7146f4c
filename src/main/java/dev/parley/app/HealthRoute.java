package dev.parley.app;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /health}: {@code 200 {"status":"UP"}} while the server runs; once shutdown has begun,
 * {@code 503 {"status":"STOPPING"}} with {@code Retry-After} and {@code Connection: close}, so a load balancer takes
 * the instance out of rotation and a kept-alive checker does not hold the shutdown for its grace.
 *
 * <p>With Redis ({@code --redis}) the answer is also the node's readiness: {@code 200 {"status":"UP","redis":"up"}}
 * while Redis answers, {@code 503 {"status":"UNAVAILABLE","redis":"down"}} with {@code Retry-After} while it does not
 * (the node's rooms cannot work: a load balancer sends its clients to a node that can). The connection stays open.
 */
final class HealthRoute {
    static final String PATH = "/health";
    private static final HttpReply UP = HttpReply.json(200, "{\"status\":\"UP\"}")
            .withHeader("Cache-Control", "no-store");

    private HealthRoute() {
    }

    private static final HttpReply REDIS_UP = HttpReply.json(200, "{\"status\":\"UP\",\"redis\":\"up\"}")
            .withHeader("Cache-Control", "no-store");

    /** The route; {@code retryAfter}: when to come back ({@link HttpReply#retryAfter}). */
    static Route of(BooleanSupplier stopping, Duration retryAfter) {
        return of(stopping, null, retryAfter);
    }

    /** The route; {@code redisUp}: whether Redis answers, null without Redis. */
    static Route of(BooleanSupplier stopping, BooleanSupplier redisUp, Duration retryAfter) {
        HttpReply stoppingReply = HttpReply.json(503, "{\"status\":\"STOPPING\"}")
                .withHeader("Cache-Control", "no-store")
                .withHeader("Retry-After", HttpReply.retryAfter(retryAfter))
                .closing();
        if (redisUp == null) {
            return new GetRoute(PATH, () -> stopping.getAsBoolean() ? stoppingReply : UP);
        }
        HttpReply redisDown = HttpReply.json(503, "{\"status\":\"UNAVAILABLE\",\"redis\":\"down\"}")
                .withHeader("Cache-Control", "no-store")
                .withHeader("Retry-After", HttpReply.retryAfter(Duration.ofSeconds(1)));
        return new GetRoute(PATH, () -> stopping.getAsBoolean() ? stoppingReply
                : redisUp.getAsBoolean() ? REDIS_UP : redisDown);
    }
}

package dev.parley.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.metrics.Scrape;
import dev.parley.server.RunningServer;

/**
 * An embedded server with {@code --redis}: {@code /health} is its readiness (200 {@code "redis":"up"}, 503
 * {@code "redis":"down"} while Redis is away, 200 again when it is back) and {@code /metrics} has the Redis gauges
 * and counters.
 */
class RedisHealthIT {
    @RegisterExtension
    @Order(1)
    static final RedisProcess redis = new RedisProcess();

    @RegisterExtension
    @Order(2)
    static final RunningServer server = new RunningServer(config -> config.withRedis(RedisSettings.of(redis.uri())));

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void healthFollowsRedisAndMetricsShowIt() throws Exception {
        HttpResponse<String> up = awaitHealth(response -> response.statusCode() == 200);
        assertEquals("{\"status\":\"UP\",\"redis\":\"up\"}", up.body());
        Map<String, Double> before = awaitMetrics(samples -> samples.get("parley_redis_latency_seconds") > 0);
        assertEquals(1.0, before.get("parley_redis_up"));
        assertEquals(0.0, before.get("parley_redis_dropped_total"));
        assertEquals(0.0, before.get("parley_redis_repaired_total"));

        redis.stop();
        HttpResponse<String> down = awaitHealth(response -> response.statusCode() == 503);
        assertEquals("{\"status\":\"UNAVAILABLE\",\"redis\":\"down\"}", down.body());
        assertTrue(down.headers().firstValue("Retry-After").isPresent());
        assertEquals(0.0, Scrape.of(server.http("/metrics")).get("parley_redis_up"));

        redis.restart();
        assertEquals("{\"status\":\"UP\",\"redis\":\"up\"}",
                awaitHealth(response -> response.statusCode() == 200).body());
        assertEquals(1.0, Scrape.of(server.http("/metrics")).get("parley_redis_up"));
    }

    /** The first scrape that satisfies {@code wanted} (the first probe measures the latency). */
    private static Map<String, Double> awaitMetrics(Predicate<Map<String, Double>> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<String, Double> samples;
        do {
            samples = Scrape.of(server.http("/metrics"));
            if (wanted.test(samples)) {
                return samples;
            }
            Thread.sleep(50); // polling with a deadline
        } while (System.nanoTime() < deadline);
        return fail("no such scrape within 30 s: " + samples);
    }

    private static HttpResponse<String> awaitHealth(Predicate<HttpResponse<String>> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HttpResponse<String> response;
        do {
            response = HTTP.send(HttpRequest.newBuilder(server.http("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (wanted.test(response)) {
                return response;
            }
            Thread.sleep(50); // polling with a deadline
        } while (System.nanoTime() < deadline);
        return fail("/health still answers " + response.statusCode() + " " + response.body());
    }
}

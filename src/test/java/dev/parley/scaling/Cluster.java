package dev.parley.scaling;

import java.util.Set;

import dev.parley.deploy.SharedRedis;
import dev.parley.server.Config;

/** The settings of a node of a test cluster: a shared Redis, and pages served through the load balancer. */
final class Cluster {
    /** The publish API's key on every node of the test clusters. */
    static final String API_KEY = "cluster-key-123";

    private Cluster() {
    }

    /**
     * {@code base} on the Redis at {@code redisUri}, with the publish API on, allowing pages from {@code origins} (the
     * load balancer's) besides its own, and no rate limit to speak of (the tests send quickly).
     */
    static Config node(Config base, String redisUri, String... origins) {
        return SharedRedis.on(base, redisUri).withChat(base.chat().withAllowedOrigins(Set.of(origins))
                .withApiKey(API_KEY).withRate(10_000, 10_000));
    }
}

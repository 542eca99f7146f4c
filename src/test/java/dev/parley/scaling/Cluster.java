package dev.parley.scaling;

import java.util.Set;

import dev.parley.deploy.SharedRedis;
import dev.parley.server.Config;
import dev.parley.session.FrameRate;

/** The settings of a node of a test cluster: a shared Redis, and pages served through the load balancer. */
final class Cluster {
    /** The publish API's key on every node of the test clusters. */
    static final String API_KEY = "cluster-key-123";

    private Cluster() {
    }

    /**
     * {@code base} on the Redis at {@code redisUri}, with the publish API on, allowing pages from {@code origins} (the
     * load balancer's) besides its own, and no rate or frame budget to speak of (the tests send quickly, and every
     * client comes from 127.0.0.1).
     */
    static Config node(Config base, String redisUri, String... origins) {
        FrameRate generous = new FrameRate(100_000, 100_000);
        return SharedRedis.on(base, redisUri)
                .withLimits(base.limits().withFrameBudgets(generous, generous))
                .withChat(base.chat().withAllowedOrigins(Set.of(origins)).withApiKey(API_KEY).withRate(10_000, 10_000));
    }
}

package dev.parley.deploy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import dev.parley.server.Config;
import dev.parley.session.Limits;
import dev.parley.socketio.clients.ContractFixture;

/**
 * The server settings the portable suites need. Embedded, each test class gets its own server with these settings;
 * on an app server, each is one deployment of {@code target/parley.war} at its own context root, configured the way
 * an operator would: with {@code parley.*} context parameters in its {@code WEB-INF/web.xml} ({@link ConfiguredWar}).
 */
public enum TestDeployment {
    /** Everything at its default: the WAR exactly as built. */
    DEFAULTS("parley", config -> config),
    /** Its own instance, so its counters move only with its own test's traffic. */
    METRICS("parley-metrics", config -> config),
    /** 64 KiB messages, so a slow consumer's 1 MiB queue fills with few broadcasts. */
    SMALL_MESSAGES("parley-small", config -> config.withLimits(
            Limits.DEFAULTS.withMaxMessageBytes(64 * 1024).withOutbound(1024, 1 << 20))),
    /** Browser origin https://app.example allowed besides the server's own. */
    ORIGINS("parley-origins", config -> config.withChat(
            config.chat().withAllowedOrigins(Set.of("https://app.example")))),
    /** /chat requires a JWT signed with {@link #AUTH_SECRET}. */
    AUTH("parley-auth", config -> config.withChat(config.chat().withAuthSecret(TestDeployment.AUTH_SECRET))),
    /** The admin page and API on, with {@link #ADMIN_KEY}. */
    ADMIN("parley-admin", config -> config.withChat(config.chat().withAdminKey(TestDeployment.ADMIN_KEY))),
    /** The publish API on, with {@link #API_KEY}. */
    PUBLISH("parley-publish", config -> config.withChat(config.chat().withApiKey(TestDeployment.API_KEY))),
    /**
     * Pings every 500 ms, a pong due within 1 s: dead peers are found in seconds. Engine.IO's heartbeat at
     * {@code /socket.io/} too, as {@code serve --ping-interval} and the WAR's {@code parley.ping-interval} set both.
     */
    PINGS("parley-pings", config -> config.withChat(
            config.chat().withPing(Duration.ofMillis(500), Duration.ofMillis(1000)))),
    /**
     * {@link ContractFixture}'s Socket.IO namespaces ({@code /}, {@code /second}) beside the chat's {@code /chat},
     * added as an application adds its own: named by {@code socketio-namespaces}; in the WAR, the class in
     * {@code WEB-INF/classes} ({@link ConfiguredWar}).
     */
    SOCKETIO_NAMESPACES("parley-namespaces",
            config -> config.withSocketioNamespaces(List.of(ContractFixture.class.getName()))),
    /** At most 2 sessions per remote address, so the cap (and the address it needs) shows with 3 clients. */
    ADDRESS_CAP("parley-address-cap", config -> config.withLimits(config.limits().withMaxSessionsPerAddress(2))),
    /**
     * Issue 14: the room store on the test JVM's {@link SharedRedis} (its port known only once it runs, so the WAR is
     * written after it started), the publish API on: one node of a cluster whose other nodes the tests start.
     */
    REDIS("parley-redis", config -> SharedRedis.on(config.withChat(config.chat().withApiKey(TestDeployment.API_KEY)),
            SharedRedis.uri()));

    public static final String API_KEY = "publish-key-123";
    public static final String ADMIN_KEY = "admin-key-0123456789";
    public static final String AUTH_SECRET = "test-secret-0123456789";

    private final String contextRoot;
    private final UnaryOperator<Config> configure;

    TestDeployment(String contextRoot, UnaryOperator<Config> configure) {
        this.contextRoot = contextRoot;
        this.configure = configure;
    }

    /** The context root on an app server, without slashes. */
    public String contextRoot() {
        return contextRoot;
    }

    /** These settings applied to {@code base}. */
    public Config apply(Config base) {
        return configure.apply(base);
    }
}

package dev.parley.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

import dev.parley.settings.Setting;
import dev.parley.settings.Settings;

/**
 * How a node reaches Redis: {@code --redis} and its companions ({@link Setting#REDIS}, {@link Setting#REDIS_PASSWORD_FILE},
 * {@link Setting#REDIS_TIMEOUT}, {@link Setting#REDIS_MAX_IN_FLIGHT}), and this node's id, new at every start.
 * Holds where the password is, not the password: {@link RedisLink#connect} reads the file.
 *
 * @param uri          {@code redis://HOST:PORT[/DB]} or {@code rediss://...} (TLS)
 * @param passwordFile a file whose first line is the password, or null for none (or the one in the URI)
 * @param timeout      the command timeout: a command not answered within it fails with {@code timeout}
 * @param maxInFlight  commands this node may have waiting for Redis; more fail at once with {@code overloaded}
 * @param nodeId       this node's id (16 hex digits, random per start): its keys and channel in Redis
 */
public record RedisSettings(String uri, Path passwordFile, Duration timeout, int maxInFlight, String nodeId) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public RedisSettings {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(nodeId, "nodeId");
        checkUri(uri);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the Redis timeout must be positive: " + timeout);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("the Redis in-flight cap must be at least 1: " + maxInFlight);
        }
    }

    /** The settings' Redis, or empty when {@code --redis} is not set (the in-memory room store). */
    public static Optional<RedisSettings> from(Settings settings) {
        String uri = settings.text(Setting.REDIS);
        if (uri == null || uri.isBlank()) {
            return Optional.empty();
        }
        String passwordFile = settings.text(Setting.REDIS_PASSWORD_FILE);
        Duration timeout = settings.millis(Setting.REDIS_TIMEOUT);
        int maxInFlight = settings.integer(Setting.REDIS_MAX_IN_FLIGHT);
        try {
            return Optional.of(new RedisSettings(uri.strip(), passwordFile == null ? null : Path.of(passwordFile),
                    timeout, maxInFlight, newNodeId()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Setting.REDIS.option() + ": " + e.getMessage(), e);
        }
    }

    /** {@code uri} with the default timeout and cap, no password file, a new node id: for tests and tools. */
    public static RedisSettings of(String uri) {
        Settings defaults = Settings.defaults();
        return new RedisSettings(uri, null, defaults.millis(Setting.REDIS_TIMEOUT),
                defaults.integer(Setting.REDIS_MAX_IN_FLIGHT), newNodeId());
    }

    public RedisSettings withTimeout(Duration newTimeout) {
        return new RedisSettings(uri, passwordFile, newTimeout, maxInFlight, nodeId);
    }

    public RedisSettings withMaxInFlight(int newMaxInFlight) {
        return new RedisSettings(uri, passwordFile, timeout, newMaxInFlight, nodeId);
    }

    public RedisSettings withPasswordFile(Path file) {
        return new RedisSettings(uri, file, timeout, maxInFlight, nodeId);
    }

    public RedisSettings withNodeId(String id) {
        return new RedisSettings(uri, passwordFile, timeout, maxInFlight, id);
    }

    /** 16 random hex digits. */
    public static String newNodeId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The URI without its password (if it has one), for logs. */
    public String safeUri() {
        try {
            URI parsed = new URI(uri);
            if (parsed.getUserInfo() == null) {
                return uri;
            }
            return new URI(parsed.getScheme(), "***", parsed.getHost(), parsed.getPort(), parsed.getPath(), null,
                    null).toString();
        } catch (URISyntaxException e) {
            return "(unparsable URI)";
        }
    }

    private static void checkUri(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + e.getMessage());
        }
        String scheme = parsed.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException("'" + uri + "' is not redis://HOST:PORT[/DB] or rediss://...");
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + uri + "' names no host");
        }
        String path = parsed.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/") && !path.substring(1).matches("\\d{1,5}")) {
            throw new IllegalArgumentException("'" + uri + "': the path must be a database number");
        }
    }
}

package dev.parley.redis;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

import dev.parley.settings.Setting;
import dev.parley.settings.Settings;
import io.lettuce.core.RedisURI;

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

    /**
     * Lettuce's URI: {@link #uri}, the command timeout, and the password file's first line (trimmed) if there is one.
     *
     * @throws IllegalArgumentException if the password file cannot be read or its first line is empty
     */
    RedisURI lettuceUri() {
        RedisURI uri = RedisURI.create(this.uri);
        if (passwordFile != null) {
            String password;
            try {
                password = Files.readAllLines(passwordFile).stream().findFirst().orElse("").trim();
            } catch (IOException e) {
                throw new IllegalArgumentException("Redis password file " + passwordFile
                        + " cannot be read: " + e.getMessage(), e);
            }
            if (password.isEmpty()) {
                throw new IllegalArgumentException("Redis password file " + passwordFile
                        + " has an empty first line");
            }
            uri = RedisURI.builder(uri).withPassword(password.toCharArray()).build();
        }
        uri.setTimeout(timeout);
        return uri;
    }

    /** The URI without its user part (which may hold a password), for logs. */
    public String safeUri() {
        return hidden(uri);
    }

    @Override
    public String toString() {
        return "RedisSettings[uri=" + safeUri() + ", passwordFile=" + passwordFile + ", timeout=" + timeout
                + ", maxInFlight=" + maxInFlight + ", nodeId=" + nodeId + "]";
    }

    private static String hidden(String uri) {
        int at = uri.lastIndexOf('@');
        int start = uri.indexOf("://");
        return at < 0 || start < 0 || at < start ? uri : uri.substring(0, start + 3) + "***" + uri.substring(at);
    }

    /** Messages name the URI without its user part, which may hold a password. */
    private static void checkUri(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + hidden(uri) + "' is not a URI (" + e.getReason()
                    + "); expected redis://HOST:PORT[/DB]");
        }
        String shown = hidden(uri);
        String scheme = parsed.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException("'" + shown + "' is not redis://HOST:PORT[/DB] or rediss://...");
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + shown + "' names no host");
        }
        String path = parsed.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/") && !path.substring(1).matches("\\d{1,5}")) {
            throw new IllegalArgumentException("'" + shown + "': the path must be a database number");
        }
        if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + shown + "': no query or fragment (the settings say the rest)");
        }
    }
}

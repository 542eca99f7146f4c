package dev.parley.chat;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

import dev.parley.origin.Origin;
import dev.parley.settings.Setting;
import dev.parley.settings.Settings;

/**
 * How {@code /chat} behaves. Every limit has a default and a precise outcome (docs/protocol.md).
 *
 * @param authSecret     HS256 secret; when set, clients must present a JWT (401 otherwise); when null, open mode
 * @param allowedOrigins browser origins allowed besides the server's own (403 otherwise), on every endpoint
 * @param publicOrigins  the server's own origins, where its page is served ({@code scheme://host[:port]}); empty:
 *                       the loopback origins on the server's port ({@link dev.parley.origin.OriginPolicy})
 * @param apiKey         bearer key of the publish API; null turns the API off (404)
 * @param historySize    messages each room keeps for {@code history} (resume after reconnect)
 * @param maxTextBytes   longest {@code say}/{@code whisper} text in UTF-8 bytes (error {@code text_too_long})
 * @param ratePerSecond  token-bucket refill per connection
 * @param burst          token-bucket size; also how many refused messages in a row close the connection (1008)
 * @param pingInterval   how often the server pings each session, on every endpoint ({@code session.Liveness})
 * @param pingTimeout    how long a ping may go unanswered before the session is dropped (4408), on every endpoint
 * @param rooms          what the rooms may hold together: history bytes, room count, room creation per address
 * @param adminKey       bearer key of the admin page and its API ({@code dev.parley.admin}); null turns both off
 *                       (404); at least 16 characters
 */
public record ChatConfig(String authSecret, Set<String> allowedOrigins, String apiKey, int historySize,
                         int maxTextBytes, double ratePerSecond, int burst, Duration pingInterval,
                         Duration pingTimeout, Set<String> publicOrigins, RoomLimits rooms, String adminKey) {

    /** The longest text of a {@code say} or {@code whisper}, in UTF-8 bytes: not a setting. */
    public static final int MAX_TEXT_BYTES = 4096;

    /** The defaults {@link Setting} declares. */
    public static final ChatConfig DEFAULTS = from(Settings.defaults());

    /** How {@code settings} say the chat behaves; an origin that is not one is refused naming its setting. */
    public static ChatConfig from(Settings settings) {
        return new ChatConfig(settings.text(Setting.AUTH_SECRET),
                settings.origins(Setting.ALLOWED_ORIGINS, Origin::parse), settings.text(Setting.API_KEY),
                settings.integer(Setting.HISTORY_SIZE), MAX_TEXT_BYTES, settings.decimal(Setting.RATE),
                settings.integer(Setting.BURST), settings.millis(Setting.PING_INTERVAL),
                settings.millis(Setting.PING_TIMEOUT), settings.origins(Setting.PUBLIC_ORIGINS, Origin::parse),
                RoomLimits.from(settings), settings.text(Setting.ADMIN_KEY));
    }

    /** The shortest admin key accepted: a short one could be guessed by trying. */
    public static final int MIN_ADMIN_KEY_LENGTH = 16;

    public ChatConfig {
        allowedOrigins = Set.copyOf(allowedOrigins);
        publicOrigins = Set.copyOf(publicOrigins);
        Objects.requireNonNull(rooms, "rooms");
        if (historySize < 1 || maxTextBytes < 1 || ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("chat limits must be positive");
        }
        if (pingInterval.isNegative() || pingInterval.isZero() || pingTimeout.isNegative() || pingTimeout.isZero()) {
            throw new IllegalArgumentException("ping interval and timeout must be positive");
        }
        if (authSecret != null && authSecret.length() < 16) {
            throw new IllegalArgumentException("the auth secret must be at least 16 characters");
        }
        if (adminKey != null && adminKey.length() < MIN_ADMIN_KEY_LENGTH) {
            throw new IllegalArgumentException("the admin key must be at least " + MIN_ADMIN_KEY_LENGTH
                    + " characters");
        }
    }

    public ChatConfig withAuthSecret(String secret) {
        return new ChatConfig(secret, allowedOrigins, apiKey, historySize, maxTextBytes, ratePerSecond, burst,
                pingInterval, pingTimeout, publicOrigins, rooms, adminKey);
    }

    public ChatConfig withAllowedOrigins(Set<String> origins) {
        return new ChatConfig(authSecret, origins, apiKey, historySize, maxTextBytes, ratePerSecond, burst,
                pingInterval, pingTimeout, publicOrigins, rooms, adminKey);
    }

    public ChatConfig withApiKey(String key) {
        return new ChatConfig(authSecret, allowedOrigins, key, historySize, maxTextBytes, ratePerSecond, burst,
                pingInterval, pingTimeout, publicOrigins, rooms, adminKey);
    }

    public ChatConfig withHistorySize(int size) {
        return new ChatConfig(authSecret, allowedOrigins, apiKey, size, maxTextBytes, ratePerSecond, burst,
                pingInterval, pingTimeout, publicOrigins, rooms, adminKey);
    }

    public ChatConfig withRate(double perSecond, int newBurst) {
        return new ChatConfig(authSecret, allowedOrigins, apiKey, historySize, maxTextBytes, perSecond, newBurst,
                pingInterval, pingTimeout, publicOrigins, rooms, adminKey);
    }

    public ChatConfig withPing(Duration interval, Duration timeout) {
        return new ChatConfig(authSecret, allowedOrigins, apiKey, historySize, maxTextBytes, ratePerSecond, burst,
                interval, timeout, publicOrigins, rooms, adminKey);
    }

    public ChatConfig withPublicOrigins(Set<String> origins) {
        return new ChatConfig(authSecret, allowedOrigins, apiKey, historySize, maxTextBytes, ratePerSecond, burst,
                pingInterval, pingTimeout, origins, rooms, adminKey);
    }

    public ChatConfig withRooms(RoomLimits limits) {
        return new ChatConfig(authSecret, allowedOrigins, apiKey, historySize, maxTextBytes, ratePerSecond, burst,
                pingInterval, pingTimeout, publicOrigins, limits, adminKey);
    }

    public ChatConfig withAdminKey(String key) {
        return new ChatConfig(authSecret, allowedOrigins, apiKey, historySize, maxTextBytes, ratePerSecond, burst,
                pingInterval, pingTimeout, publicOrigins, rooms, key);
    }

    /** The record's text with the secrets (auth secret, API key, admin key) shown only as set or not. */
    @Override
    public String toString() {
        return "ChatConfig[authSecret=" + shown(authSecret) + ", allowedOrigins=" + allowedOrigins + ", apiKey="
                + shown(apiKey) + ", historySize=" + historySize + ", maxTextBytes=" + maxTextBytes
                + ", ratePerSecond=" + ratePerSecond + ", burst=" + burst + ", pingInterval=" + pingInterval
                + ", pingTimeout=" + pingTimeout + ", publicOrigins=" + publicOrigins + ", rooms=" + rooms
                + ", adminKey=" + shown(adminKey) + "]";
    }

    private static String shown(String secret) {
        return secret == null ? "none" : "(set)";
    }
}

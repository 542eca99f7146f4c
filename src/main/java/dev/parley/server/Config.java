package dev.parley.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.parley.app.ParleyApp;
import dev.parley.chat.ChatConfig;
import dev.parley.engineio.EngineConfig;
import dev.parley.redis.RedisSettings;
import dev.parley.session.Limits;
import dev.parley.settings.Setting;
import dev.parley.settings.Settings;

/**
 * How an embedded Parley server runs.
 *
 * @param host          the address to bind: {@code 127.0.0.1} for loopback only, {@code 0.0.0.0} for every interface
 * @param port          the TCP port; 0 picks a free one (see {@link ParleyServer#port()})
 * @param limits        the caps every session lives under
 * @param shutdownGrace how long {@link ParleyServer#stop()} waits for clients to answer the 1001 close
 * @param chat          how {@code /chat} and the publish API behave
 * @param tls           https and wss instead of http and ws; null for plain (the default)
 * @param tuning        which performance tunings are on (all by default; switched off only to measure them)
 * @param http          deadlines and the cap for TCP connections that have not upgraded (issue 11)
 * @param redis         the Redis the rooms live in ({@code --redis}); null: in this server's memory
 * @param socketioMaxPayload the largest POST body or WebSocket message Engine.IO at {@code /socket.io/} accepts,
 *                      in bytes; the rest of its config follows {@code chat} and {@code limits} ({@link #socketio()})
 * @param socketioNamespaces the classes ({@code dev.parley.socketio.SocketIoSetup}) that add their namespaces to
 *                      {@code /socket.io/} ({@code --socketio-namespaces}); empty: the chat's {@code /chat} only
 * @param deflate       permessage-deflate ({@code --deflate}, on by default)
 */
public record Config(String host, int port, Limits limits, Duration shutdownGrace, ChatConfig chat, Tls tls,
                     Tuning tuning, HttpLimits http, RedisSettings redis, int socketioMaxPayload,
                     List<String> socketioNamespaces, DeflateConfig deflate) {
    public Config {
        if (deflate == null) {
            throw new IllegalArgumentException("deflate must not be null (DeflateConfig.OFF)");
        }
        if (socketioNamespaces == null) {
            throw new IllegalArgumentException("socketioNamespaces must not be null (List.of())");
        }
        socketioNamespaces = List.copyOf(socketioNamespaces);
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, not " + port);
        }
        if (tuning == null) {
            throw new IllegalArgumentException("tuning must not be null (Tuning.ALL)");
        }
        if (socketioMaxPayload < 1) {
            throw new IllegalArgumentException("socketioMaxPayload must be positive, not " + socketioMaxPayload);
        }
        if (http == null) {
            throw new IllegalArgumentException("http must not be null (HttpLimits.DEFAULTS)");
        }
    }

    /** The declared defaults ({@link Setting}): loopback, port 8025, no TLS; every tuning on. */
    public static Config defaults() {
        return from(Settings.defaults(), Tuning.ALL);
    }

    /**
     * The embedded server's config from {@code settings} (what {@code serve} read from its options and environment).
     *
     * @throws IllegalArgumentException for a value out of range, or one TLS file without the other
     */
    public static Config from(Settings settings, Tuning tuning) {
        return new Config(settings.text(Setting.HOST), settings.integer(Setting.PORT), Limits.from(settings),
                settings.millis(Setting.SHUTDOWN_GRACE), ChatConfig.from(settings), tls(settings), tuning,
                HttpLimits.from(settings), RedisSettings.from(settings).orElse(null),
                settings.integer(Setting.SOCKETIO_MAX_PAYLOAD), List.copyOf(settings.list(Setting.SOCKETIO_NAMESPACES)),
                DeflateConfig.from(settings));
    }

    /**
     * Engine.IO at {@code /socket.io/}, made from this config when asked, so it follows {@link #withChat} and
     * {@link #withLimits}: the chat's heartbeat ({@code --ping-interval}, {@code --ping-timeout}), the outbound
     * bounds as the polling buffer's, {@link #socketioMaxPayload}.
     */
    public EngineConfig socketio() {
        return ParleyApp.socketIoConfig(limits, chat, socketioMaxPayload);
    }

    /** TLS: both files or neither. */
    private static Tls tls(Settings settings) {
        String keystore = settings.text(Setting.TLS_KEYSTORE);
        String passwordFile = settings.text(Setting.TLS_PASSWORD_FILE);
        if ((keystore == null) != (passwordFile == null)) {
            throw new IllegalArgumentException(Setting.TLS_KEYSTORE.option() + " and "
                    + Setting.TLS_PASSWORD_FILE.option() + " go together");
        }
        return keystore == null ? null : new Tls(Path.of(keystore), Path.of(passwordFile));
    }

    public Config withHost(String newHost) {
        return new Config(newHost, port, limits, shutdownGrace, chat, tls, tuning, http, redis,
                socketioMaxPayload, socketioNamespaces, deflate);
    }

    public Config withPort(int newPort) {
        return new Config(host, newPort, limits, shutdownGrace, chat, tls, tuning, http, redis,
                socketioMaxPayload, socketioNamespaces, deflate);
    }

    public Config withLimits(Limits newLimits) {
        return new Config(host, port, newLimits, shutdownGrace, chat, tls, tuning, http, redis,
                socketioMaxPayload, socketioNamespaces, deflate);
    }

    public Config withChat(ChatConfig newChat) {
        return new Config(host, port, limits, shutdownGrace, newChat, tls, tuning, http, redis,
                socketioMaxPayload, socketioNamespaces, deflate);
    }

    /** The same config serving https and wss with {@code newTls}; null for plain http and ws. */
    public Config withTls(Tls newTls) {
        return new Config(host, port, limits, shutdownGrace, chat, newTls, tuning, http, redis,
                socketioMaxPayload, socketioNamespaces, deflate);
    }

    /** The same config with its rooms in {@code newRedis}; null: in memory. */
    public Config withRedis(RedisSettings newRedis) {
        return new Config(host, port, limits, shutdownGrace, chat, tls, tuning, http, newRedis,
                socketioMaxPayload, socketioNamespaces, deflate);
    }

    /** The same config with {@code /socket.io/}'s maxPayload {@code bytes}. */
    public Config withSocketioMaxPayload(int bytes) {
        return new Config(host, port, limits, shutdownGrace, chat, tls, tuning, http, redis,
                bytes, socketioNamespaces, deflate);
    }

    /** The same config with these {@code SocketIoSetup} classes' namespaces at {@code /socket.io/}, by name. */
    public Config withSocketioNamespaces(List<String> classNames) {
        return new Config(host, port, limits, shutdownGrace, chat, tls, tuning, http, redis, socketioMaxPayload,
                classNames, deflate);
    }

    /** The same config with permessage-deflate as {@code newDeflate} says. */
    public Config withDeflate(DeflateConfig newDeflate) {
        return new Config(host, port, limits, shutdownGrace, chat, tls, tuning, http, redis, socketioMaxPayload,
                socketioNamespaces, newDeflate);
    }

    public Config withTuning(Tuning newTuning) {
        return new Config(host, port, limits, shutdownGrace, chat, tls, newTuning, http, redis,
                socketioMaxPayload, socketioNamespaces, deflate);
    }
}

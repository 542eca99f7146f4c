package dev.parley.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import dev.parley.chat.ChatConfig;
import dev.parley.redis.RedisSettings;
import dev.parley.server.Config;
import dev.parley.session.Limits;
import dev.parley.settings.Setting;

/**
 * {@code target/parley.war} configured as an operator would: the same classes and jars, with the settings that
 * differ from the defaults added to {@code WEB-INF/web.xml} as {@code parley.*} context parameters (the declared
 * {@link Setting}s, read by {@code ParleyWebApp}).
 */
final class ConfiguredWar {
    private static final String WEB_XML = "WEB-INF/web.xml";

    private ConfiguredWar() {
    }

    /** The context parameters that give {@code config}'s limits and chat settings; none for the defaults. */
    static Map<String, String> contextParameters(Config config) {
        Map<String, String> params = new LinkedHashMap<>();
        Limits limits = config.limits();
        Limits limitDefaults = Limits.DEFAULTS;
        putIfChanged(params, Setting.MAX_MESSAGE_SIZE, limits.maxMessageBytes(), limitDefaults.maxMessageBytes());
        putIfChanged(params, Setting.OUTBOUND_MAX_MESSAGES, limits.outboundMaxMessages(),
                limitDefaults.outboundMaxMessages());
        putIfChanged(params, Setting.OUTBOUND_MAX_BYTES, limits.outboundMaxBytes(), limitDefaults.outboundMaxBytes());
        ChatConfig chat = config.chat();
        ChatConfig chatDefaults = ChatConfig.DEFAULTS;
        putIfChanged(params, Setting.AUTH_SECRET, chat.authSecret(), chatDefaults.authSecret());
        putIfChanged(params, Setting.API_KEY, chat.apiKey(), chatDefaults.apiKey());
        putIfChanged(params, Setting.ADMIN_KEY, chat.adminKey(), chatDefaults.adminKey());
        putIfChanged(params, Setting.ALLOWED_ORIGINS, String.join(",", chat.allowedOrigins()),
                String.join(",", chatDefaults.allowedOrigins()));
        putIfChanged(params, Setting.PUBLIC_ORIGINS, String.join(",", chat.publicOrigins()),
                String.join(",", chatDefaults.publicOrigins()));
        putIfChanged(params, Setting.HISTORY_SIZE, chat.historySize(), chatDefaults.historySize());
        putIfChanged(params, Setting.RATE, chat.ratePerSecond(), chatDefaults.ratePerSecond());
        putIfChanged(params, Setting.BURST, chat.burst(), chatDefaults.burst());
        putIfChanged(params, Setting.PING_INTERVAL, chat.pingInterval().toMillis(),
                chatDefaults.pingInterval().toMillis());
        putIfChanged(params, Setting.PING_TIMEOUT, chat.pingTimeout().toMillis(),
                chatDefaults.pingTimeout().toMillis());
        putIfChanged(params, Setting.HISTORY_BYTES, chat.rooms().historyBytes(), chatDefaults.rooms().historyBytes());
        putIfChanged(params, Setting.HISTORY_TOTAL_BYTES, chat.rooms().historyTotalBytes(),
                chatDefaults.rooms().historyTotalBytes());
        putIfChanged(params, Setting.MAX_ROOMS, chat.rooms().maxRooms(), chatDefaults.rooms().maxRooms());
        putIfChanged(params, Setting.NEW_ROOMS_PER_ADDRESS, chat.rooms().newRoomsPerMinute(),
                chatDefaults.rooms().newRoomsPerMinute());
        putIfChanged(params, Setting.ROOM_IDLE_TIMEOUT, chat.rooms().idleTimeout().toMillis(),
                chatDefaults.rooms().idleTimeout().toMillis());
        putIfChanged(params, Setting.MAX_CONNECTIONS_PER_ADDRESS, limits.maxSessionsPerAddress(),
                limitDefaults.maxSessionsPerAddress());
        RedisSettings redis = config.redis();
        if (redis != null) { // the node id is not a setting: each deployment draws its own
            RedisSettings redisDefaults = RedisSettings.of(redis.uri());
            params.put(Setting.REDIS.key(), redis.uri());
            putIfChanged(params, Setting.REDIS_PASSWORD_FILE, redis.passwordFile(), null);
            putIfChanged(params, Setting.REDIS_TIMEOUT, redis.timeout().toMillis(), redisDefaults.timeout().toMillis());
            putIfChanged(params, Setting.REDIS_MAX_IN_FLIGHT, redis.maxInFlight(), redisDefaults.maxInFlight());
        }
        if (chat.maxTextBytes() != chatDefaults.maxTextBytes()) {
            throw new IllegalArgumentException("not a WAR setting (chat text size): " + config);
        }
        return params;
    }

    /** Writes {@code war} with {@code params} added to its web.xml as {@code target} (a plain copy when there are none). */
    static Path write(Path war, Map<String, String> params, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        if (params.isEmpty()) {
            return Files.copy(war, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try (ZipFile in = new ZipFile(war.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream content = in.getInputStream(entry)) {
                    if (entry.getName().equals(WEB_XML)) {
                        out.write(withParameters(new String(content.readAllBytes(), StandardCharsets.UTF_8), params)
                                .getBytes(StandardCharsets.UTF_8));
                    } else {
                        content.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
        return target;
    }

    private static String withParameters(String webXml, Map<String, String> params) {
        StringBuilder added = new StringBuilder();
        params.forEach((name, value) -> added.append("  <context-param><param-name>parley.").append(name)
                .append("</param-name><param-value>").append(escaped(value)).append("</param-value></context-param>\n"));
        int end = webXml.lastIndexOf("</web-app>");
        if (end < 0) {
            throw new IllegalStateException("no </web-app> in " + WEB_XML);
        }
        return webXml.substring(0, end) + added + webXml.substring(end);
    }

    private static String escaped(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void putIfChanged(Map<String, String> params, Setting setting, Object value, Object defaultValue) {
        if (!Objects.equals(value, defaultValue)) {
            params.put(setting.key(), String.valueOf(value));
        }
    }
}

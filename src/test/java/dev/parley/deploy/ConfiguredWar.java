package dev.parley.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
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
 * {@link Setting}s, read by {@code ParleyWebApp}), and the classes {@code parley.socketio-namespaces} names (the
 * application's own Socket.IO namespaces: here test classes) added under {@code WEB-INF/classes}, from the test
 * class path.
 */
final class ConfiguredWar {
    private static final String WEB_XML = "WEB-INF/web.xml";
    private static final String CLASSES = "WEB-INF/classes/";

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
        if (!config.socketioNamespaces().isEmpty()) {
            params.put(Setting.SOCKETIO_NAMESPACES.key(), String.join(",", config.socketioNamespaces()));
        }
        if (chat.maxTextBytes() != chatDefaults.maxTextBytes()) {
            throw new IllegalArgumentException("not a WAR setting (chat text size): " + config);
        }
        return params;
    }

    /**
     * Writes {@code war} configured for {@code config} as {@code target}: its {@link #contextParameters} added to its
     * web.xml, the class files of its {@link Config#socketioNamespaces()} to {@code WEB-INF/classes} (a plain copy
     * when there are none).
     */
    static Path write(Path war, Config config, Path target) throws IOException {
        Map<String, String> params = contextParameters(config);
        Map<String, Path> classes = classFiles(config.socketioNamespaces());
        Files.createDirectories(target.getParent());
        if (params.isEmpty() && classes.isEmpty()) {
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
            for (Map.Entry<String, Path> added : classes.entrySet()) {
                out.putNextEntry(new ZipEntry(added.getKey()));
                Files.copy(added.getValue(), out);
                out.closeEntry();
            }
        }
        return target;
    }

    /**
     * The class files of {@code classNames} and of their nested classes ({@code Name$*.class}), from the directory
     * the test class path has them in, by their {@code WEB-INF/classes/...} entry name.
     */
    private static Map<String, Path> classFiles(List<String> classNames) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        for (String name : classNames) {
            String entry = name.replace('.', '/') + ".class";
            URL found = ConfiguredWar.class.getClassLoader().getResource(entry);
            if (found == null || !found.getProtocol().equals("file")) {
                throw new IllegalArgumentException("no class file in a directory of the test class path for " + name
                        + ": " + found);
            }
            Path file;
            try {
                file = Path.of(found.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(found.toString(), e);
            }
            String simple = file.getFileName().toString().replace(".class", "");
            String packageDir = entry.substring(0, entry.length() - file.getFileName().toString().length());
            try (DirectoryStream<Path> siblings =
                         Files.newDirectoryStream(file.getParent(), simple + "{.class,$*.class}")) {
                for (Path sibling : siblings) {
                    files.put(CLASSES + packageDir + sibling.getFileName(), sibling);
                }
            }
        }
        return files;
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

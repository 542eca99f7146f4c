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
import dev.parley.server.Config;
import dev.parley.session.Limits;

/**
 * {@code target/parley.war} configured as an operator would: the same classes and jars, with the settings that
 * differ from the defaults added to {@code WEB-INF/web.xml} as {@code parley.*} context parameters (the names of
 * the {@code serve} options, read by {@code ParleyWebApp}).
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
        putIfChanged(params, "max-message-size", limits.maxMessageBytes(), limitDefaults.maxMessageBytes());
        putIfChanged(params, "outbound-max-messages", limits.outboundMaxMessages(), limitDefaults.outboundMaxMessages());
        putIfChanged(params, "outbound-max-bytes", limits.outboundMaxBytes(), limitDefaults.outboundMaxBytes());
        ChatConfig chat = config.chat();
        ChatConfig chatDefaults = ChatConfig.DEFAULTS;
        putIfChanged(params, "auth-secret", chat.authSecret(), chatDefaults.authSecret());
        putIfChanged(params, "api-key", chat.apiKey(), chatDefaults.apiKey());
        putIfChanged(params, "allowed-origins", String.join(",", chat.allowedOrigins()),
                String.join(",", chatDefaults.allowedOrigins()));
        putIfChanged(params, "public-origins", String.join(",", chat.publicOrigins()),
                String.join(",", chatDefaults.publicOrigins()));
        putIfChanged(params, "history-size", chat.historySize(), chatDefaults.historySize());
        putIfChanged(params, "rate", chat.ratePerSecond(), chatDefaults.ratePerSecond());
        putIfChanged(params, "burst", chat.burst(), chatDefaults.burst());
        putIfChanged(params, "ping-interval", chat.pingInterval().toMillis(), chatDefaults.pingInterval().toMillis());
        putIfChanged(params, "ping-timeout", chat.pingTimeout().toMillis(), chatDefaults.pingTimeout().toMillis());
        putIfChanged(params, "history-bytes", chat.rooms().historyBytes(), chatDefaults.rooms().historyBytes());
        putIfChanged(params, "history-total-bytes", chat.rooms().historyTotalBytes(),
                chatDefaults.rooms().historyTotalBytes());
        putIfChanged(params, "max-rooms", chat.rooms().maxRooms(), chatDefaults.rooms().maxRooms());
        putIfChanged(params, "new-rooms-per-address", chat.rooms().newRoomsPerMinute(),
                chatDefaults.rooms().newRoomsPerMinute());
        putIfChanged(params, "room-idle-timeout", chat.rooms().idleTimeout().toMillis(),
                chatDefaults.rooms().idleTimeout().toMillis());
        putIfChanged(params, "max-connections-per-address", limits.maxSessionsPerAddress(),
                limitDefaults.maxSessionsPerAddress());
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

    private static void putIfChanged(Map<String, String> params, String name, Object value, Object defaultValue) {
        if (!Objects.equals(value, defaultValue)) {
            params.put(name, String.valueOf(value));
        }
    }
}

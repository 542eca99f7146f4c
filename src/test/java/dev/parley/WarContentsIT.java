package dev.parley;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/**
 * target/parley.war carries the endpoints and the page, none of what Payara/GlassFish already provide, and no class
 * that reaches into Tyrus or Grizzly (those live in the embedded-only dev.parley.server, left out).
 */
class WarContentsIT {

    @Test
    void warHasTheEndpointsAndThePageButNoContainerJars() throws Exception {
        Set<String> entries;
        try (ZipFile war = new ZipFile(System.getProperty("parley.war"))) {
            entries = war.stream().map(ZipEntry::getName).collect(Collectors.toSet());
        }
        for (String needed : List.of("index.html", "parley.js", "parley.css", "WEB-INF/web.xml",
                "WEB-INF/classes/dev/parley/echo/EchoEndpoint.class",
                "WEB-INF/classes/dev/parley/broadcast/BroadcastEndpoint.class",
                "WEB-INF/classes/dev/parley/session/OutboundQueue.class",
                "WEB-INF/classes/dev/parley/chat/ChatEndpoint.class",
                "WEB-INF/classes/dev/parley/war/ParleyWebApp.class",
                "WEB-INF/classes/dev/parley/settings/Settings.class")) {
            assertTrue(entries.contains(needed), "missing " + needed);
        }
        List<String> provided = entries.stream()
                .filter(name -> name.startsWith("WEB-INF/lib/"))
                .filter(name -> name.matches("WEB-INF/lib/(tyrus-|grizzly-|jakarta\\.websocket-|jakarta\\.json|parsson-).*"))
                .sorted().toList();
        assertEquals(List.of(), provided, "the app server provides these");
        List<String> embeddedOnly = entries.stream()
                .filter(name -> name.startsWith("WEB-INF/classes/dev/parley/server/")
                        || name.startsWith("WEB-INF/classes/webapp/"))
                .sorted().toList();
        assertEquals(List.of(), embeddedOnly, "the embedded bootstrap has no place in the WAR");
    }

    /**
     * The Redis room store runs in the WAR too ({@code parley.redis}): Lettuce and what it needs (Netty, Reactor,
     * Reactive Streams) are the application's own, since no app server provides them; slf4j only with its binding.
     */
    @Test
    void warCarriesTheRedisClient() throws Exception {
        Set<String> jars;
        try (ZipFile war = new ZipFile(System.getProperty("parley.war"))) {
            jars = war.stream().map(ZipEntry::getName).filter(name -> name.startsWith("WEB-INF/lib/"))
                    .map(name -> name.substring("WEB-INF/lib/".length()).replaceAll("-\\d.*", ""))
                    .collect(Collectors.toSet());
            assertTrue(war.getEntry("WEB-INF/classes/dev/parley/redis/RedisLink.class") != null, "no RedisLink");
        }
        for (String needed : List.of("lettuce-core", "netty-common", "netty-buffer", "netty-transport",
                "netty-handler", "netty-codec-base", "netty-resolver", "netty-resolver-dns", "netty-codec-dns",
                "netty-transport-native-unix-common", "reactor-core", "reactive-streams")) {
            assertTrue(jars.contains(needed), "missing WEB-INF/lib/" + needed + "-*.jar: " + jars);
        }
        assertTrue(jars.contains("slf4j-api") == jars.contains("slf4j-jdk14"), "slf4j with its binding: " + jars);
    }

    @Test
    void noClassOfTheWarRefersToTyrusOrGrizzly() throws Exception {
        List<String> offenders = new ArrayList<>();
        int classes = 0;
        try (ZipFile war = new ZipFile(System.getProperty("parley.war"))) {
            for (ZipEntry entry : Collections.list(war.entries())) {
                if (entry.getName().startsWith("WEB-INF/classes/") && entry.getName().endsWith(".class")) {
                    classes++;
                    // A class's references to other classes sit in its constant pool in internal form.
                    String bytes = new String(war.getInputStream(entry).readAllBytes(), StandardCharsets.ISO_8859_1);
                    if (bytes.contains("org/glassfish/")) {
                        offenders.add(entry.getName());
                    }
                }
            }
        }
        assertTrue(classes > 50, "only " + classes + " classes in the WAR");
        assertEquals(List.of(), offenders, "container internals belong to dev.parley.server");
    }
}

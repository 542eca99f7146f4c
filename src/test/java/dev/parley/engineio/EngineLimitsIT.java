package dev.parley.engineio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.Test;

import dev.parley.client.RecordingClient;
import dev.parley.server.Config;
import dev.parley.server.ParleyServer;

/**
 * The Engine.IO limits of docs/limits.md ("Engine.IO"), each hit on the embedded server: sessions per address, the
 * polling buffer's packets and bytes, the origin check and CORS; and {@code /socket.io/} serving Socket.IO with the
 * chat as namespace {@code /chat} on a server started with its defaults.
 */
class EngineLimitsIT {
    private static ParleyServer echo(EngineConfig config, int perAddress, boolean anyOrigin) throws Exception {
        return ParleyServer.start(Config.defaults().withPort(0)
                        .withLimits(Config.defaults().limits().withMaxSessionsPerAddress(perAddress)),
                List.of(new EngineMount(EngineServers.PATH, config, EngineHandlers.echo(), anyOrigin)));
    }

    @Test
    void socketIoServesTheChatAsNamespaceChatByDefault() throws Exception {
        try (ParleyServer server = ParleyServer.start(Config.defaults().withPort(0))) {
            Polling client = new Polling(server.uri("http", EngineMount.SOCKET_IO));
            client.open();
            assertEquals("ok", client.post("40/chat,{\"name\":\"ann\"}").body());
            String connected = client.get().body();
            assertTrue(connected.startsWith("40/chat,{\"sid\":\""), connected);
            String welcome = connected.contains("\u001e") ? connected : client.get().body();
            assertTrue(welcome.contains("42/chat,[\"welcome\",{\"type\":\"welcome\",\"user\":\"ann\""), welcome);
        }
    }

    @Test
    void sessionsPerAddressAreCapped() throws Exception {
        try (ParleyServer server = echo(EngineConfig.DEFAULTS, 2, true)) {
            URI base = EngineServers.http(server);
            Polling first = new Polling(base);
            first.open();
            new Polling(base).open();
            HttpResponse<String> third = Polling.send(base, "GET", "EIO=4&transport=polling", null);
            assertEquals(403, third.statusCode());
            assertEquals("{\"code\":4,\"message\":\"Forbidden\"}", third.body());
            try (RecordingClient ws = RecordingClient.connect(EngineServers.ws(server, "EIO=4&transport=websocket"))) {
                CloseReason refused = ws.awaitClose();
                assertEquals(1008, refused.getCloseCode().getCode());
            }
            assertEquals("ok", first.post("1").body()); // one closes: room for one more
            new Polling(base).open();
        }
    }

    @Test
    void aPollingBufferOverItsPacketsCloses() throws Exception {
        try (ParleyServer server = echo(EngineConfig.DEFAULTS.withBuffer(4, 1 << 20), 64, true)) {
            Polling client = new Polling(EngineServers.http(server));
            client.open();
            assertEquals("ok", client.post("4a\u001e4b\u001e4c\u001e4d").body());
            assertEquals("4a\u001e4b\u001e4c\u001e4d", client.get().body()); // 4 fit
            client.post("4a\u001e4b\u001e4c\u001e4d\u001e4e"); // the fifth echo does not: transport buffer full
            assertEquals(400, client.get().statusCode());
        }
    }

    @Test
    void aPollingBufferOverItsBytesCloses() throws Exception {
        try (ParleyServer server = echo(EngineConfig.DEFAULTS.withBuffer(1024, 100), 64, true)) {
            Polling client = new Polling(EngineServers.http(server));
            client.open();
            assertEquals("ok", client.post("4" + "x".repeat(98)).body()); // 99 bytes counted (data + 1): fits
            assertEquals("4" + "x".repeat(98), client.get().body());
            client.post("4" + "x".repeat(100)); // 101 bytes: over
            assertEquals(400, client.get().statusCode());
        }
    }

    @Test
    void otherOriginsAreRefusedAndTheServersOwnGetCors() throws Exception {
        try (ParleyServer server = echo(EngineConfig.DEFAULTS, 64, false)) {
            URI base = EngineServers.http(server);
            String own = "http://127.0.0.1:" + server.port();
            HttpResponse<String> evil = withOrigin(base, "GET", "http://evil.example");
            assertEquals(403, evil.statusCode());
            assertEquals("{\"code\":4,\"message\":\"Forbidden\"}", evil.body());
            assertEquals(null, evil.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            HttpResponse<String> mine = withOrigin(base, "GET", own);
            assertEquals(200, mine.statusCode());
            assertEquals(own, mine.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            assertEquals("true", mine.headers().firstValue("Access-Control-Allow-Credentials").orElse(null));
            HttpResponse<String> preflight = withOrigin(base, "OPTIONS", own);
            assertEquals(204, preflight.statusCode());
            assertEquals(own, preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            assertEquals(403, withOrigin(base, "OPTIONS", "http://evil.example").statusCode());
        }
    }

    private static HttpResponse<String> withOrigin(URI base, String method, String origin) throws Exception {
        return Polling.HTTP.send(HttpRequest.newBuilder(URI.create(base + "?EIO=4&transport=polling"))
                .timeout(Duration.ofSeconds(30)).header("Origin", origin)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}

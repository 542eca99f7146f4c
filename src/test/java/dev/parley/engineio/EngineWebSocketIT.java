package dev.parley.engineio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.parley.client.RecordingClient;
import dev.parley.server.ParleyServer;

/**
 * Engine.IO over WebSocket on the embedded server (the Tyrus client), against the echo, as the engine.io-protocol
 * test suite checks it: open, text and binary, malformed packet, heartbeat, close, maxPayload, and the upgrade from
 * polling with its probe and noop, polling refused after it, a second WebSocket closed.
 */
class EngineWebSocketIT {
    private static ParleyServer server;
    private static ParleyServer calm;

    @BeforeAll
    static void start() throws Exception {
        server = EngineServers.echo(EngineServers.SUITE.withMaxPayload(1000));
        calm = EngineServers.echo(EngineConfig.DEFAULTS);
    }

    @AfterAll
    static void stop() {
        server.stop();
        calm.stop();
    }

    private static RecordingClient open(ParleyServer on) throws Exception {
        RecordingClient client = RecordingClient.connect(EngineServers.ws(on, "EIO=4&transport=websocket"));
        String open = client.nextText();
        assertEquals('0', open.charAt(0), open);
        return client;
    }

    @Test
    void itOpensWithoutUpgrades() throws Exception {
        try (RecordingClient client = RecordingClient.connect(EngineServers.ws(server, "EIO=4&transport=websocket"))) {
            String open = client.nextText();
            JsonObject json = Json.createReader(new StringReader(open.substring(1))).readObject();
            assertEquals(0, json.getJsonArray("upgrades").size());
            assertEquals(300, json.getInt("pingInterval"));
            assertEquals(1000, json.getInt("maxPayload"));
        }
    }

    @Test
    void badRequestsAreRefusedBeforeTheUpgrade() {
        for (String query : List.of("EIO=3&transport=websocket", "EIO=4&transport=abc",
                "EIO=4&transport=websocket&sid=nope")) {
            assertThrows(DeploymentException.class, () -> RecordingClient.connect(EngineServers.ws(server, query)),
                    query);
        }
    }

    @Test
    void textAndBinaryComeBack() throws Exception {
        try (RecordingClient client = open(calm)) {
            client.send("4hello é");
            assertEquals("4hello é", client.nextText());
            client.send(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
            ByteBuffer back = client.nextBinary();
            byte[] bytes = new byte[back.remaining()];
            back.get(bytes);
            assertArrayEquals(new byte[] {1, 2, 3, 4}, bytes);
        }
    }

    @Test
    void aMalformedPacketClosesTheSession() throws Exception {
        try (RecordingClient client = open(calm)) {
            client.send("abc");
            client.awaitClose();
        }
    }

    @Test
    void pingsAreAnsweredAndNoPongCloses() throws Exception {
        try (RecordingClient client = open(server)) {
            for (int i = 0; i < 3; i++) {
                assertEquals("2", client.nextText());
                client.send("3");
            }
            assertEquals("2", client.nextText()); // not answered: closed after the ping timeout
            assertEquals("1", client.nextText());
            client.awaitClose();
        }
    }

    @Test
    void theClientsCloseClosesTheWebSocket() throws Exception {
        try (RecordingClient client = open(calm)) {
            client.send("1");
            client.awaitClose();
        }
    }

    @Test
    void aMessageOverMaxPayloadCloses1009() throws Exception {
        try (RecordingClient client = open(server)) {
            CloseReason reason = client.awaitCloseAfter(() -> client.send("4" + "x".repeat(1000)));
            assertEquals(1009, reason.getCloseCode().getCode());
        }
    }

    @Test
    void theUpgradeFromPolling() throws Exception {
        URI base = EngineServers.http(calm);
        Polling polling = new Polling(base);
        JsonObject open = polling.open();
        assertEquals("websocket", open.getJsonArray("upgrades").getString(0));
        CompletableFuture<HttpResponse<String>> held = polling.getAsync();
        EngineServers.awaitHeld(calm, polling.sid());
        try (RecordingClient ws = RecordingClient.connect(EngineServers.ws(calm,
                "EIO=4&transport=websocket&sid=" + polling.sid()))) {
            assertEquals("6", held.join().body()); // the held GET is let go with a noop
            ws.send("2probe");
            assertEquals("3probe", ws.nextText());
            assertEquals("6", polling.get().body()); // a GET during the upgrade: noop at once
            ws.send("5");
            ws.send("4after");
            assertEquals("4after", ws.nextText());
            assertEquals("websocket", calm.engines().get(0).session(polling.sid()).transport());
            assertEquals(400, polling.get().statusCode()); // polling after the upgrade
            try (RecordingClient second = RecordingClient.connect(EngineServers.ws(calm,
                    "EIO=4&transport=websocket&sid=" + polling.sid()))) {
                CloseReason closed = second.awaitClose();
                assertTrue(closed.getCloseCode().getCode() >= 1000, closed.toString());
            }
            ws.send("4still");
            assertEquals("4still", ws.nextText());
        }
    }
}

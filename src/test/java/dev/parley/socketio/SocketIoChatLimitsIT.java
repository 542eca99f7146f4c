package dev.parley.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jakarta.json.JsonObject;

import dev.parley.engineio.EngineMount;
import dev.parley.server.Config;
import dev.parley.server.ParleyServer;

/**
 * The {@code /chat} limits hold over Socket.IO as over the WebSocket: the rate limit ({@code rate_limited} through
 * the ack for the first refused request, then the socket is disconnected once the refusals in a row reach the burst)
 * and the message cap (over it the WebSocket transport is closed, 1009).
 */
class SocketIoChatLimitsIT {
    /** Practically no refill: the burst is all a connection has within the test. */
    private static final int BURST = 3;
    private static final int MAX_MESSAGE_BYTES = 1024;
    private static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        Config config = Config.defaults().withHost("127.0.0.1").withPort(0);
        config = config.withChat(config.chat().withRate(0.001, BURST))
                .withLimits(config.limits().withMaxMessageBytes(MAX_MESSAGE_BYTES));
        server = ParleyServer.start(config); // /socket.io/ with the chat as /chat
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void overTheRateTheFirstRefusalIsAnsweredAndTheBurstOfRefusalsDisconnects() throws Exception {
        try (SioChatClient sio = SioChatClient.connect(server.uri("ws", EngineMount.SOCKET_IO), "rater")) {
            assertEquals("ack", sio.call("join", "{\"room\":\"limits\"}").getString("type"));
            for (int i = 1; i < BURST; i++) {
                assertEquals("ack", sio.call("say", "{\"room\":\"limits\",\"text\":\"m" + i + "\"}")
                        .getString("type"));
            }
            JsonObject refused = sio.call("say", "{\"room\":\"limits\",\"text\":\"over\"}");
            assertEquals("error", refused.getString("type"));
            assertEquals("rate_limited", refused.getString("code"));
            for (int i = 0; i < BURST; i++) {
                sio.send("say", "{\"room\":\"limits\",\"text\":\"more\"}");
            }
            assertEquals(List.of(), sio.awaitDisconnect()); // refused silently after the first, then disconnected
        }
        assertTrue(nameFreeWithin("rater", Duration.ofSeconds(20)), "the disconnected socket left the chat");
    }

    /** Whether a CONNECT as {@code name} is accepted within {@code limit} (a leave completes on the chat's thread). */
    private static boolean nameFreeWithin(String name, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try (WsEngineClient client = WsEngineClient.handshaken(server.uri("ws", EngineMount.SOCKET_IO))) {
                client.send("40/chat,{\"name\":\"" + name + "\"}");
                if (client.text().startsWith("40/chat,")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Over the WebSocket transport the server's message cap holds for the Engine.IO endpoint as for every one. */
    @Test
    void aRequestOverTheMessageCapClosesTheWebSocket() throws Exception {
        try (SioChatClient sio = SioChatClient.connect(server.uri("ws", EngineMount.SOCKET_IO), "big")) {
            sio.send("say", "{\"room\":\"limits\",\"text\":\"" + "x".repeat(MAX_MESSAGE_BYTES) + "\"}");
            assertEquals(1009, sio.client.awaitClose());
        }
    }
}

package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.parley.engineio.EngineConfig;
import dev.parley.session.Limits;

/**
 * Engine.IO at {@code /socket.io/} follows the config it is asked of: a config changed with {@link Config#withChat}
 * or {@link Config#withLimits} serves the new heartbeat and polling buffer, not the ones it was built with.
 */
class ConfigSocketioTest {

    @Test
    void theDefaultsAreTheChatHeartbeatTheOutboundBoundsAndTheReferenceMaxPayload() {
        EngineConfig socketio = Config.defaults().socketio();
        assertEquals(Duration.ofMillis(25_000), socketio.pingInterval());
        assertEquals(Duration.ofMillis(20_000), socketio.pingTimeout());
        assertEquals(1_000_000, socketio.maxPayload());
        assertEquals(Limits.DEFAULTS.outboundMaxMessages(), socketio.maxBufferedPackets());
        assertEquals(Limits.DEFAULTS.outboundMaxBytes(), socketio.maxBufferedBytes());
    }

    @Test
    void theHeartbeatFollowsWithChat() {
        Config config = Config.defaults();
        Config pinged = config.withChat(config.chat().withPing(Duration.ofMillis(500), Duration.ofMillis(1000)));
        assertEquals(Duration.ofMillis(500), pinged.socketio().pingInterval());
        assertEquals(Duration.ofMillis(1000), pinged.socketio().pingTimeout());
        assertEquals("{\"sid\":\"s\",\"upgrades\":[\"websocket\"],\"pingInterval\":500,\"pingTimeout\":1000,"
                + "\"maxPayload\":1000000}", pinged.socketio().openJson("s", true));
        assertEquals(Duration.ofMillis(25_000), config.socketio().pingInterval(), "the original is unchanged");
    }

    @Test
    void thePollingBufferFollowsWithLimitsAndMaxPayloadItsOwnWith() {
        Config config = Config.defaults().withLimits(Limits.DEFAULTS.withOutbound(16, 2L << 20))
                .withSocketioMaxPayload(2000);
        assertEquals(16, config.socketio().maxBufferedPackets());
        assertEquals(2L << 20, config.socketio().maxBufferedBytes());
        assertEquals(2000, config.socketio().maxPayload());
        assertEquals(2000, config.withChat(config.chat().withPing(Duration.ofMillis(1), Duration.ofMillis(1)))
                .socketio().maxPayload());
    }

    @Test
    void aMaxPayloadBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Config.defaults().withSocketioMaxPayload(0));
    }
}

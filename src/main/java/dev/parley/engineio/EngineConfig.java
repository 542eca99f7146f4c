package dev.parley.engineio;

import java.time.Duration;
import java.util.Map;

import jakarta.json.JsonBuilderFactory;
import jakarta.json.spi.JsonProvider;

/**
 * One Engine.IO server's timing and bounds.
 *
 * @param pingInterval       how often the server pings ({@code pingInterval} of the handshake)
 * @param pingTimeout        how long a ping may go unanswered ({@code pingTimeout}); then the session closes
 * @param maxPayload         the largest POST body or WebSocket message accepted, in bytes ({@code maxPayload})
 * @param maxBufferedPackets the most packets a session holds for a polling client that has not fetched them
 * @param maxBufferedBytes   the most bytes of data those packets may hold together
 */
public record EngineConfig(Duration pingInterval, Duration pingTimeout, int maxPayload, int maxBufferedPackets,
                           long maxBufferedBytes) {
    /** Made once: {@code Json.create...} looks the provider up on every call (docs/limits.md, "Soak", defect 2). */
    static final JsonBuilderFactory JSON = JsonProvider.provider().createBuilderFactory(Map.of());

    /** The reference server's defaults (25 s, 20 s, 1 MB); the buffer bounds are Parley's. */
    public static final EngineConfig DEFAULTS =
            new EngineConfig(Duration.ofSeconds(25), Duration.ofSeconds(20), 1_000_000, 1024, 4L * 1024 * 1024);

    public EngineConfig {
        if (pingInterval.isNegative() || pingInterval.isZero() || pingTimeout.isNegative() || pingTimeout.isZero()) {
            throw new IllegalArgumentException("ping interval and timeout must be positive");
        }
        if (maxPayload < 1 || maxBufferedPackets < 1 || maxBufferedBytes < 1) {
            throw new IllegalArgumentException("payload and buffer bounds must be positive");
        }
    }

    public EngineConfig withPing(Duration interval, Duration timeout) {
        return new EngineConfig(interval, timeout, maxPayload, maxBufferedPackets, maxBufferedBytes);
    }

    public EngineConfig withMaxPayload(int bytes) {
        return new EngineConfig(pingInterval, pingTimeout, bytes, maxBufferedPackets, maxBufferedBytes);
    }

    public EngineConfig withBuffer(int packets, long bytes) {
        return new EngineConfig(pingInterval, pingTimeout, maxPayload, packets, bytes);
    }

    /** The open packet's JSON: exactly sid, upgrades, pingInterval, pingTimeout, maxPayload ("Handshake"). */
    public String openJson(String sid, boolean polling) {
        return JSON.createObjectBuilder()
                .add("sid", sid)
                .add("upgrades", polling ? JSON.createArrayBuilder().add("websocket") : JSON.createArrayBuilder())
                .add("pingInterval", pingInterval.toMillis())
                .add("pingTimeout", pingTimeout.toMillis())
                .add("maxPayload", maxPayload)
                .build().toString();
    }
}

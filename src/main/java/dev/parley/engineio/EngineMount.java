package dev.parley.engineio;

import dev.parley.metrics.Metrics;

/**
 * One Engine.IO server a container serves: its path (with the trailing slash), its timing and bounds, what runs on
 * top of it (made by the application, with its timer and metrics), and whether any browser origin may use it
 * ({@code *}, the upstream test suites' page) or only those of the server's {@code OriginPolicy}.
 */
public record EngineMount(String path, EngineConfig config, Top top, boolean anyOrigin) {
    /** Where Socket.IO is served. */
    public static final String SOCKET_IO = "/socket.io/";

    /** Makes what runs on top of the Engine.IO server, once, when the application is built. */
    public interface Top {
        EngineHandler make(Scheduler timer, Metrics metrics);
    }

    /** A mount whose handler is made already. */
    public EngineMount(String path, EngineConfig config, EngineHandler handler, boolean anyOrigin) {
        this(path, config, (timer, metrics) -> handler, anyOrigin);
    }

    /** {@code /socket.io/} with {@code handler}, for the server's own origins. */
    public static EngineMount socketIo(EngineConfig config, EngineHandler handler) {
        return new EngineMount(SOCKET_IO, config, handler, false);
    }

    /** {@code /socket.io/} with what {@code top} makes, for the server's own origins. */
    public static EngineMount socketIo(EngineConfig config, Top top) {
        return new EngineMount(SOCKET_IO, config, top, false);
    }
}

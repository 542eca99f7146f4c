package dev.parley.engineio;

/**
 * One Engine.IO server a container serves: its path (with the trailing slash), its timing and bounds, what runs on
 * top of it, and whether any browser origin may use it ({@code *}, the upstream test suites' page) or only those of
 * the server's {@code OriginPolicy}.
 */
public record EngineMount(String path, EngineConfig config, EngineHandler handler, boolean anyOrigin) {
    /** Where Socket.IO is served. */
    public static final String SOCKET_IO = "/socket.io/";

    /** {@code /socket.io/} with {@code handler}, for the server's own origins. */
    public static EngineMount socketIo(EngineConfig config, EngineHandler handler) {
        return new EngineMount(SOCKET_IO, config, handler, false);
    }
}

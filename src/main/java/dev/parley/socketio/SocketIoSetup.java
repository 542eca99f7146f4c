package dev.parley.socketio;

/**
 * Your own namespaces on the application's Socket.IO server at {@code /socket.io/}, the same in both containers: a
 * public class with a public constructor without parameters, named by the setting {@code socketio-namespaces}
 * ({@code serve --socketio-namespaces com.example.MyNamespaces}, {@code PARLEY_SOCKETIO_NAMESPACES}, or the WAR's
 * context parameter {@code parley.socketio-namespaces}). The server makes one instance when it starts and calls
 * {@link #setUp} once, before any client can connect; {@code /chat} is the chat's, and a setup that declares it stops
 * the start. A class that cannot be loaded or made, or whose {@code setUp} throws, stops the start with one line
 * naming it (docs/socketio-api.md).
 *
 * <pre>{@code
 * public final class MyNamespaces implements SocketIoSetup {
 *     @Override
 *     public void setUp(SocketIoServer sio) {
 *         sio.namespace("/echo").on("echo", (socket, args, ack) -> ack.sendAll(args));
 *     }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SocketIoSetup {
    /** Declares namespaces and their handlers on {@code server} ({@link SocketIoServer#namespace}, register). */
    void setUp(SocketIoServer server);
}

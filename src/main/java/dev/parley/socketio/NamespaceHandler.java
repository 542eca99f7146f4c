package dev.parley.socketio;

import java.util.List;

import jakarta.json.JsonObject;

/**
 * A namespace as a class (python-socketio's {@code socketio.Namespace}): {@link SocketIoServer#register} routes the
 * namespace's connects, disconnects and events here. One instance serves every client of the namespace, so keep a
 * client's own state in {@link SioSocket#session()}, not in fields.
 */
public interface NamespaceHandler {
    /** Accept by returning, refuse by throwing {@link ConnectRefused}. */
    default void onConnect(SioSocket socket, JsonObject auth) {
    }

    default void onDisconnect(SioSocket socket, String reason) {
    }

    /** An event no {@link Namespace#on} handler took; ignored unless overridden (switch on {@code event}). */
    default void onEvent(SioSocket socket, String event, List<Object> args, Ack ack) {
    }
}

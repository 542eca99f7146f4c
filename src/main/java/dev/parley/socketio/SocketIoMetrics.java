package dev.parley.socketio;

import java.util.Set;

import dev.parley.engineio.EngineSocket;
import dev.parley.metrics.Metrics;

/**
 * {@link SocketIoEvents} that log as {@link SocketIoEvents#LOG} does and count in {@link Metrics} as
 * {@code parley_socketio_events{event,reason}}: {@code connect}, {@code connect_error} (reason
 * {@code invalid_namespace} or {@code refused}), {@code disconnect} by reason, {@code parse_error}. Labels come from
 * fixed sets, whatever clients send: namespaces and refusal messages are not labels.
 */
public final class SocketIoMetrics implements SocketIoEvents {
    /** The disconnect reasons counted under their own name; any other is {@code other}. */
    static final Set<String> REASONS = Set.of("client namespace disconnect", "server namespace disconnect",
            "transport close", "transport error", "ping timeout", "parse error", "forced close",
            "transport buffer full", EngineSocket.SERVER_BUSY, "server shutting down");

    private final Metrics metrics;

    public SocketIoMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void connected(SioSocket socket) {
        LOG.connected(socket);
        metrics.socketIo("connect", "none");
    }

    @Override
    public void refused(String namespace, String message) {
        LOG.refused(namespace, message);
        metrics.socketIo("connect_error", ClientConnection.INVALID_NAMESPACE.equals(message) ? "invalid_namespace"
                : "refused");
    }

    @Override
    public void disconnected(SioSocket socket, String reason) {
        LOG.disconnected(socket, reason);
        metrics.socketIo("disconnect", label(reason));
    }

    @Override
    public void violation(String reason) {
        LOG.violation(reason);
        metrics.socketIo("parse_error", "none");
    }

    /** {@code reason} as a label: {@code client_namespace_disconnect}, ..., or {@code other}. */
    static String label(String reason) {
        return REASONS.contains(reason) ? reason.replace(' ', '_') : "other";
    }
}

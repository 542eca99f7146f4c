package dev.parley.server;

import java.util.Map;
import java.util.Set;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;

import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

import dev.parley.session.Limits;

/**
 * Tyrus's server container without Tyrus's own Grizzly bootstrap (which binds 0.0.0.0 whatever host it is given):
 * {@link ParleyServer} builds the Grizzly listener and plugs this in through {@code WebSocketAddOn}.
 */
final class EmbeddedContainer extends TyrusServerContainer {
    static final String CONTEXT_PATH = "/";

    private final TyrusWebSocketEngine engine;
    private final Map<String, Object> properties;

    /** A container whose endpoints are all added with {@code addEndpoint(ServerEndpointConfig)}. */
    EmbeddedContainer(Limits limits) {
        super(Set.<Class<?>>of());
        this.properties = Map.of(TyrusWebSocketEngine.INCOMING_BUFFER_SIZE, limits.frameBufferBytes());
        // No maxSessionsPerRemoteAddr: Sessions keeps that cap, so its 1013 closes are logged and counted.
        this.engine = TyrusWebSocketEngine.builder(this)
                .incomingBufferSize(limits.frameBufferBytes())
                .build();
        // Negative: no idle timeout. With Tyrus's default (0) every new session schedules an idle-timeout task on
        // Tyrus's timer (run at once, a no-op), which Sessions.opened then cancels by setting -1: a task, a timer
        // wake-up and a cancel per handshake. Dead peers are found by Liveness's pings.
        setDefaultMaxSessionIdleTimeout(-1);
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, CONTEXT_PATH);
    }

    @Override
    public void register(ServerEndpointConfig config) throws DeploymentException {
        engine.register(config, CONTEXT_PATH);
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }

    @Override
    public Map<String, Object> getProperties() {
        return properties;
    }
}

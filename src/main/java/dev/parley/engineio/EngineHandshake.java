package dev.parley.engineio;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.parley.metrics.Metrics;
import dev.parley.origin.ContainerHandshake;
import dev.parley.origin.OriginCheck;
import dev.parley.origin.Refusal;
import dev.parley.session.Sessions;

/**
 * The WebSocket handshake of an Engine.IO path: the origin ({@link OriginCheck}), then the Engine.IO request check
 * (bad {@code EIO}, transport or unknown sid: 400 before the upgrade, as the reference server answers), and the
 * request's headers kept for the session ({@link EngineRequest}).
 */
final class EngineHandshake extends OriginCheck {
    /** The session user property holding the upgrade request's headers. */
    static final String HEADERS = "parley.engineio.headers";
    /** The {@code parley_bad_requests_total} kind of a refused Engine.IO request. */
    static final String KIND = "engineio";

    private final EngineServer server;
    private final boolean anyOrigin;

    EngineHandshake(EngineServer server, EngineOrigins origins, Metrics metrics, ContainerHandshake container,
                    Supplier<?> endpoints) {
        super(origins.policy(), metrics, container, endpoints);
        this.server = server;
        this.anyOrigin = origins.any();
    }

    @Override
    public Refusal check(Map<String, List<String>> headers, Map<String, List<String>> parameters,
                         Map<String, Object> properties) {
        String address = properties.get(Sessions.REMOTE_ADDRESS) instanceof String a ? a : null;
        Refusal origin = anyOrigin ? null : super.check(headers, parameters, properties);
        if (origin != null) {
            server.refused(EngineError.FORBIDDEN, address, origin.reason());
            return origin;
        }
        EngineError error = server.check("GET", parameters, true);
        if (error != null) {
            server.refused(error, address, null);
            return new Refusal(error.status(), error.message(), KIND);
        }
        properties.put(HEADERS, Map.copyOf(headers));
        return null;
    }
}

package dev.parley.origin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;

import jakarta.websocket.CloseReason;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import dev.parley.metrics.Metrics;
import dev.parley.session.Sessions;

/**
 * The configurator of every Parley endpoint, one per endpoint per server: it makes the endpoint's instances with that
 * server's services ({@link #getEndpointInstance}), and checks its handshake: the {@link OriginPolicy} first (403),
 * then, in subclasses, the endpoint's own admission. A refusal is an HTTP status before any upgrade, with its reason
 * in {@value #ERROR_HEADER}, one log line and a count in {@code /metrics}. It also hands the client's address to the
 * session, for the per-address cap.
 *
 * <p>The decision itself ({@link #check}) is container-free, so the WAR's filter can make it before the app server's
 * WebSocket filter; what only a container can do (refuse from here, tell the address) goes through
 * {@link ContainerHandshake}.
 */
public class OriginCheck extends ServerEndpointConfig.Configurator {
    private static final Logger LOG = Logger.getLogger(OriginCheck.class.getName());
    public static final String ERROR_HEADER = "X-Parley-Error";
    /** The {@code parley_bad_requests_total} kind of a refused origin. */
    public static final String KIND = "origin";

    private final OriginPolicy policy;
    private final Metrics metrics;
    private final ContainerHandshake container;
    private final Supplier<?> endpoints;

    /** @param endpoints makes an endpoint instance for each session, holding what it needs of its server */
    public OriginCheck(OriginPolicy policy, Metrics metrics, ContainerHandshake container, Supplier<?> endpoints) {
        this.policy = policy;
        this.metrics = metrics;
        this.container = container;
        this.endpoints = endpoints;
    }

    /**
     * The deployment of an endpoint at {@code path} that admits on the origin alone ({@code /echo},
     * {@code /broadcast}): register it with {@code addEndpoint}; {@code endpoints} makes its instances.
     */
    public static <T> ServerEndpointConfig deployment(Class<T> type, String path, OriginPolicy policy,
                                                      Metrics metrics, ContainerHandshake container,
                                                      Supplier<T> endpoints) {
        return ServerEndpointConfig.Builder.create(type, path)
                .configurator(new OriginCheck(policy, metrics, container, endpoints))
                .build();
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(endpoints.get());
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return true; // decided in modifyHandshake, where a refusal can carry its reason
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        // Tyrus (embedded and in the app servers) gives each handshake its own copy of the user properties, which
        // become the session's.
        String address = container.clientAddress(request);
        if (address != null) {
            config.getUserProperties().put(Sessions.REMOTE_ADDRESS, address);
        }
        if (request.getRequestURI() != null) {
            config.getUserProperties().put(Sessions.PATH, request.getRequestURI().getPath());
        }
        Refusal refusal = check(request.getHeaders(), request.getParameterMap(), config.getUserProperties());
        if (refusal != null) {
            refuse(config, response, refusal);
        }
    }

    /**
     * Whether an upgrade request with these headers and query parameters is refused, and how; null lets it through.
     * Container-free: run by {@link #modifyHandshake} and, in the WAR, by a filter before the upgrade. Subclasses
     * add their own checks after the origin's and may leave values for the session in {@code properties}.
     */
    public Refusal check(Map<String, List<String>> headers, Map<String, List<String>> parameters,
                         Map<String, Object> properties) {
        List<String> origins = values(headers, "Origin");
        if (origins.size() > 1) {
            return new Refusal(403, "more than one Origin", KIND);
        }
        if (!origins.isEmpty() && !policy.allows(origins.get(0))) {
            return new Refusal(403, "origin " + Origin.clip(origins.get(0)) + " is not allowed", KIND);
        }
        return null;
    }

    /** Logs and counts a refused upgrade to {@code path}: once, wherever the refusal is answered. */
    public final void refused(String path, Refusal refusal) {
        LOG.info(() -> "event=refuse path=" + path + " status=" + refusal.status() + " kind=" + refusal.kind()
                + " reason=" + Sessions.quoted(refusal.reason()));
        metrics.refused(refusal.status());
        if (refusal.kind() != null) {
            metrics.badRequest(refusal.kind());
        }
    }

    /** Refuses the upgrade: through the container if it can (it throws), otherwise by closing the session on open. */
    private void refuse(ServerEndpointConfig config, HandshakeResponse response, Refusal refusal) {
        refused(config.getPath(), refusal);
        Map<String, List<String>> upgrade = new HashMap<>(response.getHeaders());
        response.getHeaders().clear(); // no Upgrade or Sec-WebSocket-Accept on a refusal
        response.getHeaders().put(ERROR_HEADER, List.of(refusal.reason()));
        if (refusal.status() == 503) {
            response.getHeaders().put("Retry-After", List.of("5")); // a stopping WAR: the app server's restart
        }
        container.refuse(response, refusal.status(), refusal.reason());
        // This container cannot refuse from here (the WAR, whose filter refused everything it could see coming): the
        // upgrade goes on as it was, and the session is closed as it opens with 4000 + the status, as for a browser
        // (docs/protocol.md, "Refusals").
        response.getHeaders().clear();
        response.getHeaders().putAll(upgrade);
        config.getUserProperties().put(Sessions.CLOSE_ON_OPEN, new CloseReason(
                CloseReason.CloseCodes.getCloseCode(4000 + refusal.status()),
                refusal.kind() == null ? "refused" : refusal.kind()));
    }

    /** The values of a header, found without relying on the container's map being case-insensitive. */
    public static List<String> values(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && entry.getValue() != null) {
                return entry.getValue();
            }
        }
        return List.of();
    }
}

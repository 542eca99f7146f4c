package dev.parley.origin;

import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import org.glassfish.tyrus.core.HandshakeException;
import org.glassfish.tyrus.core.RequestContext;
import org.glassfish.tyrus.spi.UpgradeResponse;

import dev.parley.metrics.Metrics;
import dev.parley.session.Sessions;

/**
 * The handshake of every Parley endpoint: the {@link OriginPolicy} first (403), then, in subclasses, the endpoint's
 * own admission. A refusal is an HTTP status before any upgrade, with its reason in {@value #ERROR_HEADER}, one log
 * line and a count in {@code /metrics}. It also hands the client's address to the session, for the per-address cap.
 */
public class OriginCheck extends ServerEndpointConfig.Configurator {
    private static final Logger LOG = Logger.getLogger(OriginCheck.class.getName());
    public static final String ERROR_HEADER = "X-Parley-Error";
    /** The {@code parley_bad_requests_total} kind of a refused origin. */
    public static final String KIND = "origin";

    private static final Map<Integer, String> REASONS = Map.of(400, "Bad Request", 401, "Unauthorized",
            403, "Forbidden", 409, "Conflict", 503, "Service Unavailable");

    private final OriginPolicy policy;
    private final Metrics metrics;

    public OriginCheck(OriginPolicy policy, Metrics metrics) {
        this.policy = policy;
        this.metrics = metrics;
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return true; // decided in modifyHandshake, where a refusal can carry its reason
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        // Tyrus (embedded and in the app servers) gives each handshake its own copy of the user properties, which
        // become the session's; its request knows the client's address, for the per-address cap (Sessions).
        if (request instanceof RequestContext tyrus && tyrus.getRemoteAddr() != null) {
            config.getUserProperties().put(Sessions.REMOTE_ADDRESS, tyrus.getRemoteAddr());
        }
        List<String> origins = values(request.getHeaders(), "Origin");
        if (origins.size() > 1) {
            refuse(config, response, 403, "more than one Origin", KIND);
        }
        if (!origins.isEmpty() && !policy.allows(origins.get(0))) {
            refuse(config, response, 403, "origin " + Origin.clip(origins.get(0)) + " is not allowed", KIND);
        }
    }

    /**
     * Refuses the upgrade with {@code status} and {@code reason}; never returns.
     *
     * @param kind the {@code parley_bad_requests_total} kind: one of a fixed set of names; null when the request is
     *             not malformed (a taken name, a stopping server): not counted there
     */
    protected final void refuse(ServerEndpointConfig config, HandshakeResponse response, int status, String reason,
                                String kind) {
        LOG.info(() -> "event=refuse path=" + config.getPath() + " status=" + status + " kind=" + kind + " reason="
                + Sessions.quoted(reason));
        metrics.refused(status);
        if (kind != null) {
            metrics.badRequest(kind);
        }
        response.getHeaders().clear(); // no Upgrade or Sec-WebSocket-Accept on a refusal
        response.getHeaders().put(ERROR_HEADER, List.of(reason));
        if (status == 503) {
            response.getHeaders().put("Retry-After", List.of("5")); // a stopping WAR: the app server's restart
        }
        if (response instanceof UpgradeResponse tyrus) {
            tyrus.setReasonPhrase(REASONS.getOrDefault(status, "Refused")); // not "Switching Protocols"
        }
        // The Configurator API has no way to refuse with a status. Tyrus answers a HandshakeException thrown from here
        // with its status and no connection (setting 401 on the response instead would still open one). It is
        // checked, and modifyHandshake declares nothing, hence the unchecked rethrow.
        throw Unchecked.<RuntimeException>rethrow(new HandshakeException(status, reason));
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

    private static final class Unchecked {
        @SuppressWarnings("unchecked")
        static <E extends Throwable> E rethrow(Throwable checked) throws E {
            throw (E) checked;
        }
    }
}

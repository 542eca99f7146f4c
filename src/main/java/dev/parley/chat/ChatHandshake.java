package dev.parley.chat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import org.glassfish.tyrus.core.HandshakeException;
import org.glassfish.tyrus.spi.UpgradeResponse;

import dev.parley.session.Sessions;

/**
 * The {@code /chat} handshake: {@link Admission} decides, refusals get their HTTP status (400, 401, 403) before
 * any upgrade, and the endpoint instance is made with the chat service it serves.
 */
final class ChatHandshake extends ServerEndpointConfig.Configurator {
    private static final Logger LOG = Logger.getLogger(ChatHandshake.class.getName());
    /** The session user property holding the admitted user. */
    static final String USER = "parley.chat.user";
    static final String ERROR_HEADER = "X-Parley-Error";

    private static final Map<Integer, String> REASONS = Map.of(400, "Bad Request", 401, "Unauthorized",
            403, "Forbidden");

    private final ChatService chat;
    private final Admission admission;

    ChatHandshake(ChatService chat) {
        this.chat = chat;
        this.admission = new Admission(chat.config(), Clock.systemUTC());
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return true; // decided in modifyHandshake, which also sees the Host header
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Admission.Decision decision = admission.decide(request.getHeaders(), request.getParameterMap());
        if (!decision.admitted()) {
            LOG.info(() -> "event=refuse path=" + ChatEndpoint.PATH + " status=" + decision.status() + " reason="
                    + Sessions.quoted(decision.reason()));
            chat.metrics().refused(decision.status());
            response.getHeaders().clear(); // no Upgrade or Sec-WebSocket-Accept on a refusal
            response.getHeaders().put(ERROR_HEADER, List.of(decision.reason()));
            if (response instanceof UpgradeResponse tyrus) {
                tyrus.setReasonPhrase(REASONS.getOrDefault(decision.status(), "Refused")); // not "Switching Protocols"
            }
            // The Configurator API has no way to refuse with a status. Tyrus answers a HandshakeException thrown
            // from here with its status and no connection (setting 401 on the response instead would still open
            // one). It is checked, and modifyHandshake declares nothing, hence the unchecked rethrow.
            throw Unchecked.<RuntimeException>rethrow(new HandshakeException(decision.status(), decision.reason()));
        }
        config.getUserProperties().put(USER, decision.user());
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return Admission.subprotocol(requested);
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(new ChatEndpoint(chat));
    }

    private static final class Unchecked {
        @SuppressWarnings("unchecked")
        static <E extends Throwable> E rethrow(Throwable checked) throws E {
            throw (E) checked;
        }
    }
}

package dev.parley.chat;

import java.time.Clock;
import java.util.List;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import dev.parley.origin.OriginCheck;
import dev.parley.origin.OriginPolicy;

/**
 * The {@code /chat} handshake: the origin, then {@link Admission} decides; refusals get their HTTP status (400,
 * 401, 403) before any upgrade, and the endpoint instance is made with the chat service it serves.
 */
final class ChatHandshake extends OriginCheck {
    /** The session user property holding the admitted user. */
    static final String USER = "parley.chat.user";

    private final ChatService chat;
    private final Admission admission;

    ChatHandshake(ChatService chat, OriginPolicy origins) {
        super(origins, chat.metrics());
        this.chat = chat;
        this.admission = new Admission(chat.config(), Clock.systemUTC());
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        super.modifyHandshake(config, request, response);
        Admission.Decision decision = admission.decide(request.getHeaders(), request.getParameterMap());
        if (!decision.admitted()) {
            refuse(config, response, decision.status(), decision.reason(), decision.kind());
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
}

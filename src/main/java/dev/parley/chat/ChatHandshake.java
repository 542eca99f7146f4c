package dev.parley.chat;

import java.time.Clock;
import java.util.List;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import dev.parley.origin.OriginCheck;
import dev.parley.origin.OriginPolicy;

/**
 * The {@code /chat} handshake: the origin (403), then whether the server is stopping (503), then {@link Admission}
 * (400, 401), then, in open mode, whether the name is connected already (409 {@code name_taken}); the endpoint
 * instance is made with the chat service it serves.
 *
 * <p>A refusal is an HTTP status before any upgrade, except for a client that offers the {@value #PROTOCOL}
 * subprotocol (the page): a browser cannot read the status of a failed handshake, so such a client is let in, gets
 * one {@code error} frame with the code and reason, and is closed with 4000 + the status (4400, 4401, 4409), which
 * a browser can read (docs/protocol.md). Origin and shutdown refusals stay HTTP for everyone: a foreign page learns
 * nothing, and a stopping server opens no session.
 */
final class ChatHandshake extends OriginCheck {
    /** The session user property holding the admitted user. */
    static final String USER = dev.parley.session.Sessions.USER;
    /** The session user property holding the {@link Admission.Decision} a session is to be refused with. */
    static final String REFUSAL = "parley.chat.refusal";
    /** The subprotocol of clients that want refusals as a close code (4000 + HTTP status) rather than a status. */
    static final String PROTOCOL = "parley";

    private final ChatService<Session> chat;
    private final Admission admission;

    ChatHandshake(ChatService<Session> chat, OriginPolicy origins) {
        super(origins, chat.metrics());
        this.chat = chat;
        this.admission = new Admission(chat.config(), Clock.systemUTC());
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        super.modifyHandshake(config, request, response);
        if (chat.stopping()) { // the WAR's (the embedded server refuses these before Tyrus: ShutdownGate)
            refuse(config, response, 503, "server shutting down", null);
        }
        Admission.Decision decision = admission.decide(request.getHeaders(), request.getParameterMap());
        if (decision.admitted() && chat.config().authSecret() == null && chat.connected(decision.user())) {
            decision = nameTaken(decision.user()); // early answer; ChatService.opened claims the name atomically
        }
        if (!decision.admitted()) {
            if (offersProtocol(request)) {
                config.getUserProperties().put(REFUSAL, decision); // ChatEndpoint.onOpen tells and closes
                return;
            }
            refuse(config, response, decision.status(), decision.reason(), decision.kind());
        }
        config.getUserProperties().put(USER, decision.user());
    }

    /** The refusal of a name another session holds (open mode). */
    static Admission.Decision nameTaken(String user) {
        return Admission.Decision.refuse(409, "name_taken", "the name \"" + user
                + "\" is connected already; choose another", null);
    }

    private static boolean offersProtocol(HandshakeRequest request) {
        for (String protocols : values(request.getHeaders(), "Sec-WebSocket-Protocol")) {
            for (String protocol : protocols.split(",")) {
                if (protocol.trim().equals(PROTOCOL)) {
                    return true;
                }
            }
        }
        return false;
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

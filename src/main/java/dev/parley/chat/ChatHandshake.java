package dev.parley.chat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.websocket.Session;

import dev.parley.origin.ContainerHandshake;
import dev.parley.origin.OriginCheck;
import dev.parley.origin.OriginPolicy;
import dev.parley.origin.Refusal;
import dev.parley.session.Sessions;

/**
 * The {@code /chat} handshake: the origin (403), then whether the server is stopping (503), then {@link Admission}
 * (400, 401), then, in open mode, whether the name is connected already (409 {@code name_taken}); the endpoint
 * instances it makes serve its server's chat.
 *
 * <p>A refusal is an HTTP status before any upgrade, except for a client that offers the {@value #PROTOCOL}
 * subprotocol (the page): a browser cannot read the status of a failed handshake, so such a client is let in, gets
 * one {@code error} frame with the code and reason, and is closed with 4000 + the status (4400, 4401, 4409), which
 * a browser can read (docs/protocol.md). Origin and shutdown refusals stay HTTP for everyone: a foreign page learns
 * nothing, and a stopping server opens no session.
 */
final class ChatHandshake extends OriginCheck {
    /** The session user property holding the admitted user. */
    static final String USER = Sessions.USER;
    /** The session user property holding the {@link Admission.Decision} a session is to be refused with. */
    static final String REFUSAL = "parley.chat.refusal";
    /** The subprotocol of clients that want refusals as a close code (4000 + HTTP status) rather than a status. */
    static final String PROTOCOL = "parley";

    private final ChatService<Session> chat;
    private final Admission admission;

    ChatHandshake(ChatService<Session> chat, OriginPolicy origins, ContainerHandshake container,
                  Supplier<ChatEndpoint> endpoints) {
        super(origins, chat.metrics(), container, endpoints);
        this.chat = chat;
        this.admission = new Admission(chat.config(), Clock.systemUTC());
    }

    @Override
    public Refusal check(Map<String, List<String>> headers, Map<String, List<String>> parameters,
                         Map<String, Object> properties) {
        Refusal origin = super.check(headers, parameters, properties);
        if (origin != null) {
            return origin;
        }
        if (chat.stopping()) { // the WAR's (the embedded server refuses these before Tyrus: ShutdownGate)
            return new Refusal(503, "server shutting down", null);
        }
        Admission.Decision decision = admission.decide(headers, parameters);
        if (decision.admitted() && chat.config().authSecret() == null && chat.connected(decision.user())) {
            decision = nameTaken(decision.user()); // early answer; ChatService.opened claims the name atomically
        }
        if (!decision.admitted()) {
            if (offersProtocol(headers)) {
                properties.put(REFUSAL, decision); // ChatEndpoint.onOpen tells and closes
                return null;
            }
            return new Refusal(decision.status(), decision.reason(), decision.kind());
        }
        properties.put(USER, decision.user());
        return null;
    }

    /** The refusal of a name another session holds (open mode). */
    static Admission.Decision nameTaken(String user) {
        return Admission.Decision.refuse(409, "name_taken", "the name \"" + user
                + "\" is connected already; choose another", null);
    }

    private static boolean offersProtocol(Map<String, List<String>> headers) {
        for (String protocols : values(headers, "Sec-WebSocket-Protocol")) {
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
}

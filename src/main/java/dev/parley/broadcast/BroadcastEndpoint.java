package dev.parley.broadcast;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

import dev.parley.origin.ContainerHandshake;
import dev.parley.origin.OriginCheck;
import dev.parley.origin.OriginPolicy;
import dev.parley.session.OutboundMessage;
import dev.parley.session.OutboundQueue;
import dev.parley.session.Sessions;

/**
 * {@code /broadcast}: every text message goes to every client connected here, the sender included.
 *
 * <p>Each copy goes through the receiver's bounded {@link OutboundQueue}, so a client that stalls or leaves only
 * loses its own copies (and is closed with 1008 once its queue is full); everyone else keeps receiving. The frame
 * is encoded once for all receivers ({@link OutboundMessage}). A programmatic endpoint made by its deployment's
 * configurator with its server's {@link Sessions}, for the reason {@code EchoEndpoint} gives.
 */
public final class BroadcastEndpoint extends Endpoint {
    public static final String PATH = "/broadcast";

    private final Sessions sessions;

    private BroadcastEndpoint(Sessions sessions) {
        this.sessions = sessions;
    }

    /** The endpoint's deployment on a server with {@code sessions}: register it with {@code addEndpoint}. */
    public static ServerEndpointConfig config(Sessions sessions, OriginPolicy origins, ContainerHandshake container) {
        return ServerEndpointConfig.Builder.create(BroadcastEndpoint.class, PATH)
                .configurator(new OriginCheck(origins, sessions.metrics(), container,
                        () -> new BroadcastEndpoint(sessions)))
                .build();
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        if (!sessions.opened(session)) {
            return;
        }
        session.addMessageHandler(String.class, text -> text(session, text));
    }

    private void text(Session session, String message) {
        if (!sessions.admit(session, message)) {
            return;
        }
        OutboundMessage copy = OutboundMessage.text(message);
        for (Session peer : session.getOpenSessions()) {
            OutboundQueue out = sessions.outbound(peer);
            if (out != null) {
                out.send(copy);
            }
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        sessions.closed(session, reason);
    }

    @Override
    public void onError(Session session, Throwable error) {
        sessions.failed(session, error);
    }
}

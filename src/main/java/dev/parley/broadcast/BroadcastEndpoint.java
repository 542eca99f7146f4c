package dev.parley.broadcast;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

import dev.parley.metrics.Metrics;
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
 * is encoded once for all receivers ({@link OutboundMessage}). A programmatic endpoint so that its deployment
 * carries the server's {@link OriginPolicy}.
 */
public final class BroadcastEndpoint extends Endpoint {
    public static final String PATH = "/broadcast";

    /** The endpoint's deployment, admitting browsers from {@code origins}: register it with {@code addEndpoint}. */
    public static ServerEndpointConfig config(OriginPolicy origins, Metrics metrics, ContainerHandshake container) {
        return ServerEndpointConfig.Builder.create(BroadcastEndpoint.class, PATH)
                .configurator(new OriginCheck(origins, metrics, container))
                .build();
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        if (!Sessions.of(session).opened(session)) {
            return;
        }
        session.addMessageHandler(String.class, text -> text(session, text));
    }

    private static void text(Session session, String message) {
        Sessions sessions = Sessions.of(session);
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
        Sessions.of(session).closed(session, reason);
    }

    @Override
    public void onError(Session session, Throwable error) {
        Sessions.of(session).failed(session, error);
    }
}

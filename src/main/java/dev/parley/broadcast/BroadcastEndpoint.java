package dev.parley.broadcast;

import java.util.function.Supplier;

import jakarta.websocket.Session;

import dev.parley.session.OutboundMessage;
import dev.parley.session.OutboundQueue;
import dev.parley.session.SessionEndpoint;
import dev.parley.session.Sessions;

/**
 * {@code /broadcast}: every text message goes to every client connected here, the sender included.
 *
 * <p>Each copy goes through the receiver's bounded {@link OutboundQueue}, so a client that stalls or leaves only
 * loses its own copies (and is closed with 1008 once its queue is full); everyone else keeps receiving. The frame
 * is encoded once for all receivers ({@link OutboundMessage}). The receivers are the deployment's {@link Subscribers}
 * (joined on open, left on close), not the container's list of open sessions, which Tyrus copies per call. A
 * programmatic endpoint made by its deployment's configurator with its server's {@link Sessions}, for the reason
 * {@code EchoEndpoint} gives; its open, close and error are {@link SessionEndpoint}'s.
 */
public final class BroadcastEndpoint extends SessionEndpoint {
    public static final String PATH = "/broadcast";

    private final Subscribers subscribers;

    private BroadcastEndpoint(Sessions sessions, Subscribers subscribers) {
        super(sessions);
        this.subscribers = subscribers;
    }

    /**
     * What makes the endpoints of one deployment serving {@code sessions}: one per session ({@code ParleyApp}), all
     * sharing one set of subscribers.
     */
    public static Supplier<BroadcastEndpoint> factory(Sessions sessions) {
        Subscribers subscribers = new Subscribers();
        return () -> new BroadcastEndpoint(sessions, subscribers);
    }

    @Override
    protected void open(Session session) {
        OutboundQueue queue = sessions.outbound(session);
        if (queue == null) {
            return; // closed already
        }
        subscribers.join(session, queue);
        session.addMessageHandler(String.class, text -> text(session, text));
    }

    @Override
    protected void closing(Session session) {
        subscribers.leave(session);
    }

    private void text(Session session, String message) {
        if (sessions.admit(session, message)) {
            subscribers.send(OutboundMessage.text(message));
        }
    }
}

package dev.parley.broadcast;

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
 * is encoded once for all receivers ({@link OutboundMessage}). A programmatic endpoint made by its deployment's
 * configurator with its server's {@link Sessions}, for the reason {@code EchoEndpoint} gives; its open, close and
 * error are {@link SessionEndpoint}'s.
 */
public final class BroadcastEndpoint extends SessionEndpoint {
    public static final String PATH = "/broadcast";

    /** An instance serving a server's {@code sessions}: its deployment ({@code ParleyApp}) makes one per session. */
    public BroadcastEndpoint(Sessions sessions) {
        super(sessions);
    }

    @Override
    protected void open(Session session) {
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
}

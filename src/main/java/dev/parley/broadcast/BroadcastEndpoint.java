package dev.parley.broadcast;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import dev.parley.session.OutboundMessage;
import dev.parley.session.OutboundQueue;
import dev.parley.session.Sessions;

/**
 * {@code /broadcast}: every text message goes to every client connected here, the sender included.
 *
 * <p>Each copy goes through the receiver's bounded {@link OutboundQueue}, so a client that stalls or leaves only
 * loses its own copies (and is closed with 1008 once its queue is full); everyone else keeps receiving. The frame
 * is encoded once for all receivers ({@link OutboundMessage}).
 */
@ServerEndpoint("/broadcast")
public final class BroadcastEndpoint {

    @OnOpen
    public void open(Session session) {
        Sessions.of(session).opened(session);
    }

    @OnMessage
    public void text(Session session, String message) {
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

    @OnClose
    public void close(Session session, CloseReason reason) {
        Sessions.of(session).closed(session, reason);
    }

    @OnError
    public void error(Session session, Throwable error) {
        Sessions.of(session).failed(session, error);
    }
}

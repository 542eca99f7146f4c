package dev.parley.chat;

import java.util.function.Consumer;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import dev.parley.session.OutboundMessage;
import dev.parley.session.OutboundQueue;
import dev.parley.session.Sessions;

/**
 * The chat's delivery in a WebSocket container (embedded or WAR): through the {@link Sessions} of that container,
 * so every send goes through the session's bounded {@link OutboundQueue}.
 */
public final class SessionDelivery implements ChatDelivery<Session> {
    private final Sessions sessions;

    public SessionDelivery(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public String id(Session session) {
        return session.getId();
    }

    @Override
    public boolean isOpen(Session session) {
        return session.isOpen();
    }

    @Override
    public boolean admit(Session session, String text) {
        return sessions.admit(session, text);
    }

    @Override
    public void send(Session session, OutboundMessage message) {
        OutboundQueue out = sessions.outbound(session);
        if (out != null) {
            out.send(message);
        }
    }

    /**
     * The session's outbound queue, looked up once (a room's message is sent once per member): a queue whose session
     * has closed refuses sends, as {@link #send} drops them; a session closed already gets nothing.
     */
    @Override
    public Consumer<OutboundMessage> sender(Session session) {
        OutboundQueue out = sessions.outbound(session);
        return out == null ? message -> { } : out::send;
    }

    @Override
    public void close(Session session, int code, String reason) {
        Sessions.closeQuietly(session, new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
    }

    @Override
    public long outboundMaxBytes() {
        return sessions.limits().outboundMaxBytes();
    }
}

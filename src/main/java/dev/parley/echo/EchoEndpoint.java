package dev.parley.echo;

import java.nio.ByteBuffer;

import jakarta.websocket.Session;

import dev.parley.session.OutboundQueue;
import dev.parley.session.SessionEndpoint;
import dev.parley.session.Sessions;

/**
 * {@code /echo}: every text and binary message comes back unchanged, up to the message cap (over it: 1009).
 *
 * <p>A programmatic endpoint, made by its deployment's configurator with its server's {@link Sessions}: Tyrus
 * ignores the configurator a {@code ServerEndpointConfig} gives an annotated class and makes the annotation's by
 * reflection when the container starts, so an annotated endpoint could reach its server only through statics (the
 * evidence is in {@code ChatEndpoint}'s javadoc). Its open, close and error are {@link SessionEndpoint}'s.
 */
public final class EchoEndpoint extends SessionEndpoint {
    public static final String PATH = "/echo";

    /** An instance serving a server's {@code sessions}: its deployment ({@code ParleyApp}) makes one per session. */
    public EchoEndpoint(Sessions sessions) {
        super(sessions);
    }

    /**
     * The session's queue, looked up once (issue 16: not in the sessions' map per message). It stays the session's
     * queue for its life; once the session closes, the queue refuses every send.
     */
    @Override
    protected void open(Session session) {
        OutboundQueue out = sessions.outbound(session);
        if (out == null) {
            return; // closed meanwhile: no message will come
        }
        session.addMessageHandler(String.class, text -> text(session, out, text));
        session.addMessageHandler(ByteBuffer.class, data -> binary(session, out, data));
    }

    private void text(Session session, OutboundQueue out, String message) {
        if (sessions.admit(session, message)) {
            out.sendText(message);
        }
    }

    private void binary(Session session, OutboundQueue out, ByteBuffer message) {
        if (sessions.admit(session, message)) {
            out.sendBinary(message);
        }
    }
}

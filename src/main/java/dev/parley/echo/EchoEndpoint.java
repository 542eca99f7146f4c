package dev.parley.echo;

import java.nio.ByteBuffer;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import dev.parley.session.OutboundQueue;
import dev.parley.session.Sessions;

/** {@code /echo}: every text and binary message comes back unchanged, up to the message cap (over it: 1009). */
@ServerEndpoint("/echo")
public final class EchoEndpoint {

    @OnOpen
    public void open(Session session) {
        Sessions.of(session).opened(session);
    }

    @OnMessage
    public void text(Session session, String message) {
        Sessions sessions = Sessions.of(session);
        OutboundQueue out = sessions.outbound(session);
        if (out != null && sessions.admit(session, message)) {
            out.sendText(message);
        }
    }

    @OnMessage
    public void binary(Session session, ByteBuffer message) {
        Sessions sessions = Sessions.of(session);
        OutboundQueue out = sessions.outbound(session);
        if (out != null && sessions.admit(session, message)) {
            out.sendBinary(message);
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

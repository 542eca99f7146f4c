package dev.parley.echo;

import java.nio.ByteBuffer;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

import dev.parley.origin.ContainerHandshake;
import dev.parley.origin.OriginCheck;
import dev.parley.origin.OriginPolicy;
import dev.parley.session.OutboundQueue;
import dev.parley.session.Sessions;

/**
 * {@code /echo}: every text and binary message comes back unchanged, up to the message cap (over it: 1009).
 *
 * <p>A programmatic endpoint, made by its deployment's configurator with its server's {@link Sessions}: Tyrus
 * ignores the configurator a {@code ServerEndpointConfig} gives an annotated class and makes the annotation's by
 * reflection when the container starts, so an annotated endpoint could reach its server only through statics (the
 * evidence is in {@code ChatEndpoint}'s javadoc).
 */
public final class EchoEndpoint extends Endpoint {
    public static final String PATH = "/echo";

    private final Sessions sessions;

    private EchoEndpoint(Sessions sessions) {
        this.sessions = sessions;
    }

    /** The endpoint's deployment on a server with {@code sessions}: register it with {@code addEndpoint}. */
    public static ServerEndpointConfig config(Sessions sessions, OriginPolicy origins, ContainerHandshake container) {
        return ServerEndpointConfig.Builder.create(EchoEndpoint.class, PATH)
                .configurator(new OriginCheck(origins, sessions.metrics(), container, () -> new EchoEndpoint(sessions)))
                .build();
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        if (!sessions.opened(session)) {
            return;
        }
        session.addMessageHandler(String.class, text -> text(session, text));
        session.addMessageHandler(ByteBuffer.class, data -> binary(session, data));
    }

    private void text(Session session, String message) {
        OutboundQueue out = sessions.outbound(session);
        if (out != null && sessions.admit(session, message)) {
            out.sendText(message);
        }
    }

    private void binary(Session session, ByteBuffer message) {
        OutboundQueue out = sessions.outbound(session);
        if (out != null && sessions.admit(session, message)) {
            out.sendBinary(message);
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

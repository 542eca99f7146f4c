package dev.parley.echo;

import java.nio.ByteBuffer;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

import dev.parley.metrics.Metrics;
import dev.parley.origin.ContainerHandshake;
import dev.parley.origin.OriginCheck;
import dev.parley.origin.OriginPolicy;
import dev.parley.session.OutboundQueue;
import dev.parley.session.Sessions;

/**
 * {@code /echo}: every text and binary message comes back unchanged, up to the message cap (over it: 1009). A
 * programmatic endpoint so that its deployment carries the server's {@link OriginPolicy}.
 */
public final class EchoEndpoint extends Endpoint {
    public static final String PATH = "/echo";

    /** The endpoint's deployment, admitting browsers from {@code origins}: register it with {@code addEndpoint}. */
    public static ServerEndpointConfig config(OriginPolicy origins, Metrics metrics, ContainerHandshake container) {
        return ServerEndpointConfig.Builder.create(EchoEndpoint.class, PATH)
                .configurator(new OriginCheck(origins, metrics, container))
                .build();
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        if (!Sessions.of(session).opened(session)) {
            return;
        }
        session.addMessageHandler(String.class, text -> text(session, text));
        session.addMessageHandler(ByteBuffer.class, data -> binary(session, data));
    }

    private static void text(Session session, String message) {
        Sessions sessions = Sessions.of(session);
        OutboundQueue out = sessions.outbound(session);
        if (out != null && sessions.admit(session, message)) {
            out.sendText(message);
        }
    }

    private static void binary(Session session, ByteBuffer message) {
        Sessions sessions = Sessions.of(session);
        OutboundQueue out = sessions.outbound(session);
        if (out != null && sessions.admit(session, message)) {
            out.sendBinary(message);
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

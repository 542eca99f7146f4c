package dev.parley.chat;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

import org.glassfish.tyrus.core.TyrusSession;

import dev.parley.origin.OriginPolicy;
import dev.parley.session.Sessions;

/**
 * {@code /chat}: open, message, close, error, each handed to the {@link ChatService}. A programmatic endpoint so
 * that each server's endpoints get that server's chat (an annotated class could only find it through statics).
 */
public final class ChatEndpoint extends Endpoint {
    public static final String PATH = "/chat";

    private final ChatService chat;

    ChatEndpoint(ChatService chat) {
        this.chat = chat;
    }

    /** The endpoint's deployment, admitting browsers from {@code origins}: register it with {@code addEndpoint}. */
    public static ServerEndpointConfig config(ChatService chat, OriginPolicy origins) {
        return ServerEndpointConfig.Builder.create(ChatEndpoint.class, PATH)
                .configurator(new ChatHandshake(chat, origins))
                .build();
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Sessions.of(session).opened(session);
        session.addMessageHandler(String.class, text -> chat.received(session, text));
        session.addMessageHandler(PongMessage.class, pong -> chat.ponged(session));
        chat.opened(session, (String) session.getUserProperties().get(ChatHandshake.USER), remoteAddress(session));
    }

    /**
     * The client's address, which the rooms it creates are charged to. JSR 356 has no portable way to get it; Tyrus
     * (embedded, Payara, GlassFish) keeps it on its session, as given by Grizzly or the servlet request.
     */
    static String remoteAddress(Session session) {
        String address = session instanceof TyrusSession tyrus ? tyrus.getRemoteAddr() : null;
        return address == null ? "unknown" : address;
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        chat.closed(session);
        Sessions.of(session).closed(session, reason);
    }

    @Override
    public void onError(Session session, Throwable error) {
        Sessions.of(session).failed(session, error);
    }
}

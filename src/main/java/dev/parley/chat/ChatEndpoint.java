package dev.parley.chat;

import java.util.logging.Logger;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

import dev.parley.origin.ContainerHandshake;
import dev.parley.origin.OriginCheck;
import dev.parley.origin.OriginPolicy;
import dev.parley.session.OutboundQueue;
import dev.parley.session.Sessions;

/**
 * {@code /chat}: open, message, close, error, each handed to the {@link ChatService}. A programmatic endpoint so
 * that each server's endpoints get that server's chat (an annotated class could only find it through statics).
 */
public final class ChatEndpoint extends Endpoint {
    private static final Logger LOG = Logger.getLogger(ChatEndpoint.class.getName());
    public static final String PATH = "/chat";

    private final ChatService chat;

    ChatEndpoint(ChatService chat) {
        this.chat = chat;
    }

    /** The endpoint's deployment, admitting browsers from {@code origins}: register it with {@code addEndpoint}. */
    public static ServerEndpointConfig config(ChatService chat, OriginPolicy origins, ContainerHandshake container) {
        return ServerEndpointConfig.Builder.create(ChatEndpoint.class, PATH)
                .configurator(new ChatHandshake(chat, origins, container))
                .build();
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        if (!Sessions.of(session).opened(session)) {
            return;
        }
        if (session.getUserProperties().get(ChatHandshake.REFUSAL) instanceof Admission.Decision refusal) {
            refuse(session, refusal);
            return;
        }
        session.addMessageHandler(String.class, text -> chat.received(session, text));
        session.addMessageHandler(PongMessage.class, pong -> chat.ponged(session));
        String user = (String) session.getUserProperties().get(ChatHandshake.USER);
        if (!chat.opened(session, user, remoteAddress(session))) {
            refuse(session, ChatHandshake.nameTaken(user)); // lost the race for the name to another handshake
        }
    }

    /**
     * Refuses a session after the upgrade (docs/protocol.md, "Refusals"): one {@code error} frame with the code and
     * reason, then close code 4000 + the HTTP status the handshake would have had, the code as close reason.
     */
    private void refuse(Session session, Admission.Decision refusal) {
        int code = 4000 + refusal.status();
        LOG.info(() -> "event=refuse path=" + PATH + " session=" + session.getId() + " status=" + refusal.status()
                + " code=" + code + " kind=" + refusal.kind() + " reason=" + Sessions.quoted(refusal.reason()));
        chat.metrics().refused(refusal.status());
        if (refusal.kind() != null) {
            chat.metrics().badRequest(refusal.kind());
        }
        OutboundQueue out = Sessions.of(session).outbound(session);
        if (out != null) {
            out.sendText(ChatJson.object("error").add("code", refusal.code()).add("message", refusal.reason())
                    .add("status", refusal.status()).build().toString());
        }
        Sessions.closeQuietly(session, new CloseReason(CloseReason.CloseCodes.getCloseCode(code), refusal.code()));
    }

    /** The client's address, which the rooms it creates are charged to (the handshake's, {@link OriginCheck}). */
    static String remoteAddress(Session session) {
        return session.getUserProperties().get(Sessions.REMOTE_ADDRESS) instanceof String address ? address
                : "unknown";
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

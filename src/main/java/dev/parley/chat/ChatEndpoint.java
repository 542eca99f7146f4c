package dev.parley.chat;

import java.util.logging.Logger;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

import dev.parley.origin.ContainerHandshake;
import dev.parley.origin.OriginCheck;
import dev.parley.origin.OriginPolicy;
import dev.parley.session.OutboundQueue;
import dev.parley.session.SessionEndpoint;
import dev.parley.session.Sessions;

/**
 * {@code /chat}: open, message, close, error, each handed to the {@link ChatService}.
 *
 * <p>A programmatic endpoint, made by its deployment's configurator ({@link ChatHandshake}) with its server's chat and
 * {@link Sessions}, so two servers in one JVM share nothing. Not an annotated class: Tyrus ignores the configurator a
 * {@code ServerEndpointConfig} gives an annotated class ({@code TyrusWebSocketEngine.register}) and makes the one the
 * annotation names by reflection, with no arguments, when the container starts (in a WAR: from the app server's
 * WebSocket filter, after the application's listeners have run). Nothing that configurator or an annotated instance
 * receives (the annotation's config, the handshake's headers, URI and parameters) names the server, so an annotated
 * endpoint could find its server only through statics. (Jetty honours the given configurator; Tyrus 2.x does not.)
 * Its open, close and error go through {@link SessionEndpoint}, as every endpoint's do.
 */
public final class ChatEndpoint extends SessionEndpoint {
    private static final Logger LOG = Logger.getLogger(ChatEndpoint.class.getName());
    public static final String PATH = "/chat";

    private final ChatService<Session> chat;

    ChatEndpoint(ChatService<Session> chat, Sessions sessions) {
        super(sessions);
        this.chat = chat;
    }

    /**
     * The endpoint's deployment on a server with {@code sessions} (the ones {@code chat} was made with), admitting
     * browsers from {@code origins}: register it with {@code addEndpoint}.
     */
    public static ServerEndpointConfig config(Sessions sessions, ChatService<Session> chat, OriginPolicy origins,
                                              ContainerHandshake container) {
        return ServerEndpointConfig.Builder.create(ChatEndpoint.class, PATH)
                .configurator(new ChatHandshake(chat, origins, container, () -> new ChatEndpoint(chat, sessions)))
                .build();
    }

    @Override
    protected void open(Session session) {
        if (session.getUserProperties().get(ChatHandshake.REFUSAL) instanceof Admission.Decision refusal) {
            refuse(session, refusal);
            return;
        }
        session.addMessageHandler(String.class, text -> chat.received(session, text));
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
        OutboundQueue out = sessions.outbound(session);
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
    protected void closing(Session session) {
        chat.closed(session);
    }
}

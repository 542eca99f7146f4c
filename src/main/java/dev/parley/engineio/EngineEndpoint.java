package dev.parley.engineio;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

import dev.parley.metrics.Metrics;
import dev.parley.origin.ContainerHandshake;
import dev.parley.session.OutboundMessage;
import dev.parley.session.OutboundQueue;
import dev.parley.session.SessionEndpoint;
import dev.parley.session.Sessions;

/**
 * The WebSocket transport of an {@link EngineServer}, at the same path as its polling route: one Engine.IO packet
 * per frame, binary messages as raw binary frames (engine.io-protocol, "WebSocket"). Without a sid it opens a session;
 * with a polling session's sid it is that session's upgrade candidate; a second WebSocket for a session that has one
 * is closed. Every send goes through the session's one bounded {@link OutboundQueue} ({@link Sessions}).
 *
 * <p>A programmatic endpoint, made by its deployment's configurator with its server's {@link Sessions} and
 * {@link EngineServer}, not an annotated class: Tyrus ignores the configurator a {@code ServerEndpointConfig} gives an
 * annotated class and makes the annotation's by reflection, so an annotated endpoint could reach its server only
 * through statics (the evidence is in {@code dev.parley.chat.ChatEndpoint}'s javadoc).
 */
public final class EngineEndpoint extends SessionEndpoint {
    private final EngineServer server;

    EngineEndpoint(Sessions sessions, EngineServer server) {
        super(sessions);
        this.server = server;
    }

    /** The deployment of {@code server}'s WebSocket transport, admitting browsers from {@code origins}. */
    public static ServerEndpointConfig config(EngineServer server, Sessions sessions, EngineOrigins origins,
                                              Metrics metrics, ContainerHandshake container) {
        return ServerEndpointConfig.Builder.create(EngineEndpoint.class, server.path())
                .configurator(new EngineHandshake(server, origins, metrics, container,
                        () -> new EngineEndpoint(sessions, server)))
                .build();
    }

    /**
     * A WebSocket as its Engine.IO session uses it. Its outbound queue is looked up once, at the open: a closed
     * session's queue refuses every send ({@link OutboundQueue#send}), as the lookup's null would.
     */
    private static final class Link implements WebSocketLink {
        private final Session session;
        private final Sessions sessions;
        private final OutboundQueue queue;

        Link(Session session, Sessions sessions) {
            this.session = session;
            this.sessions = sessions;
            this.queue = sessions.outbound(session);
        }

        @Override
        public boolean send(Packet packet) {
            OutboundQueue out = queue != null ? queue : sessions.outbound(session);
            if (out == null) {
                return false;
            }
            return packet.isBinary() ? out.sendBinary(ByteBuffer.wrap(packet.binary()))
                    : out.sendText(PacketCodec.encode(packet));
        }

        @Override
        public boolean send(Packet packet, OutboundMessage frame) {
            OutboundQueue out = queue != null ? queue : sessions.outbound(session);
            return out != null && out.send(frame); // the one frame every member of a broadcast queues
        }

        @Override
        public void close(int code, String reason) {
            Sessions.closeQuietly(session, new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void open(Session session) {
        Object headers = session.getUserProperties().get(EngineHandshake.HEADERS);
        EngineRequest request = new EngineRequest(
                headers instanceof Map<?, ?> map ? (Map<String, List<String>>) map : Map.of(),
                session.getRequestParameterMap(), (String) session.getUserProperties().get(Sessions.REMOTE_ADDRESS));
        Link link = new Link(session, sessions);
        String sid = request.query("sid");
        EngineSession engine;
        if (sid == null) {
            engine = server.handshake(request, link);
            if (engine == null) {
                link.close(1008, "too many sessions from this address");
                return;
            }
        } else {
            engine = server.session(sid);
            if (engine == null || !engine.upgradeStarted(link)) {
                // refused after the 101 (the sid was known at the handshake): counted as the refusal it stands for
                server.refused(engine == null ? EngineError.SESSION_ID_UNKNOWN : EngineError.BAD_REQUEST,
                        request.address(), engine == null ? null : "no upgrade for this session");
                link.close(1008, "no upgrade for this session");
                return;
            }
        }
        session.getUserProperties().put(EngineSession.class.getName(), engine);
        session.getUserProperties().put(Link.class.getName(), link);
        int max = server.config().maxPayload();
        session.addMessageHandler(String.class, text -> {
            if (OutboundQueue.utf8Length(text) > max) {
                engine.frameTooLarge(link);
            } else {
                engine.frame(link, text);
            }
        });
        session.addMessageHandler(ByteBuffer.class, data -> {
            if (data.remaining() > max) {
                engine.frameTooLarge(link);
            } else {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                engine.frame(link, bytes);
            }
        });
    }

    @Override
    protected void closing(Session session) {
        if (session.getUserProperties().get(EngineSession.class.getName()) instanceof EngineSession engine
                && session.getUserProperties().get(Link.class.getName()) instanceof Link link) {
            engine.closed(link); // the same link the session knows (it tells its links apart by identity)
        }
    }
}

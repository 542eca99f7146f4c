package dev.parley.chat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.parley.session.OutboundMessage;
import dev.parley.session.OutboundQueue;
import dev.parley.session.Sessions;
import dev.parley.socketio.Ack;
import dev.parley.socketio.ConnectRefused;
import dev.parley.socketio.EncodedEvent;
import dev.parley.socketio.NamespaceHandler;
import dev.parley.socketio.SioSocket;
import dev.parley.socketio.SocketIoServer;

/**
 * The {@code /chat} protocol (docs/protocol.md) as the Socket.IO namespace {@code /chat}, on the same
 * {@link ChatService} as the WebSocket {@code /chat}: same rooms, ids, history, presence and limits. A request is an
 * event named by its {@code type} with the request's other fields as one object; its answer (the {@code ack} or
 * {@code error} frame, without the {@code ack} field) comes back through the event's ack. Every frame the chat pushes
 * is an event named by its {@code type}, the frame as its one argument. Who: the CONNECT auth payload's
 * {@code "name"} (open mode) or {@code "token"} / the {@code parley_token} cookie (auth mode), as {@link Admission}
 * decides; a refusal is {@code CONNECT_ERROR} with the code as message and the {@code /chat} error frame as data.
 */
public final class SocketIoChat implements NamespaceHandler, ChatDelivery<SioSocket> {
    private static final Logger LOG = Logger.getLogger(SocketIoChat.class.getName());
    public static final String NAMESPACE = "/chat";
    /** The socket's session entry holding its pending acks (present from the accepted connect to the disconnect). */
    private static final String ACKS = "parley.chat.acks";
    /** Ack ids of our own in the requests handed to the chat: a client's own {@code "ack"} field is dropped. */
    private static final String ACK_PREFIX = "sio:";

    private final ChatService<?> chat;
    private final Admission admission;
    private final int maxMessageBytes;
    private final AtomicLong ackIds = new AtomicLong();
    /** The last frame pushed as an event, with that event encoded (the fan-out's cache of one; any thread). */
    private volatile Push lastPush;

    /** A frame the chat pushes and the event that carries it, encoded once. */
    private record Push(OutboundMessage message, EncodedEvent event) {
    }

    private SocketIoChat(ChatService<?> chat, int maxMessageBytes) {
        this.chat = chat;
        this.admission = new Admission(chat.config(), Clock.systemUTC());
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Serves {@code chat} as namespace {@code /chat} of {@code sio}; a request over {@code maxMessageBytes} UTF-8
     * bytes (as the WebSocket {@code /chat}'s message cap) disconnects the socket.
     */
    public static void serve(SocketIoServer sio, ChatService<?> chat, int maxMessageBytes) {
        sio.register(NAMESPACE, new SocketIoChat(chat, maxMessageBytes));
    }

    @Override
    public void onConnect(SioSocket socket, JsonObject auth) {
        if (chat.stopping()) {
            refuse(socket, Admission.Decision.refuse(503, "unavailable", "server shutting down", null));
        }
        Admission.Decision decision = admission.decideSocketIo(string(auth, "name"), string(auth, "token"),
                socket.handshake().headers());
        if (!decision.admitted()) {
            refuse(socket, decision);
        }
        socket.session().put(ACKS, new ConcurrentHashMap<String, Ack>());
        String address = socket.handshake().address() == null ? "unknown" : socket.handshake().address();
        if (!chat.opened(socket, this, decision.user(), address)) {
            socket.session().remove(ACKS);
            refuse(socket, ChatHandshake.nameTaken(decision.user())); // the name is held by another connection
        }
    }

    /** Refuses the CONNECT: the code as message, the {@code /chat} error frame as data; counted as on /chat. */
    private void refuse(SioSocket socket, Admission.Decision refusal) {
        LOG.info(() -> "event=refuse path=/socket.io/" + NAMESPACE + " session=" + socket.id() + " status="
                + refusal.status() + " kind=" + refusal.kind() + " reason=" + Sessions.quoted(refusal.reason()));
        chat.metrics().refused(refusal.status());
        if (refusal.kind() != null) {
            chat.metrics().badRequest(refusal.kind());
        }
        throw new ConnectRefused(refusal.code(), ChatJson.object("error").add("code", refusal.code())
                .add("status", refusal.status()).add("message", refusal.reason()).build());
    }

    @Override
    public void onDisconnect(SioSocket socket, String reason) {
        socket.session().remove(ACKS);
        chat.closed(socket);
    }

    @Override
    public void onEvent(SioSocket socket, String event, List<Object> args, Ack ack) {
        Map<String, Ack> pending = acks(socket);
        if (pending == null) {
            return;
        }
        var request = args.isEmpty() || !(args.get(0) instanceof JsonObject fields) ? ChatJson.object()
                : ChatJson.copy(fields);
        request.remove("ack");
        request.add("type", event);
        if (ack.requested()) {
            String id = ACK_PREFIX + ackIds.incrementAndGet();
            pending.put(id, ack);
            request.add("ack", id);
        }
        chat.received(socket, request.build().toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Ack> acks(SioSocket socket) {
        return (Map<String, Ack>) socket.session().get(ACKS);
    }

    private static String string(JsonObject auth, String field) {
        return auth.get(field) instanceof JsonString value ? value.getString() : null;
    }

    // --- ChatDelivery: how the chat reaches a socket -----------------------------------------------------------------

    @Override
    public String id(SioSocket socket) {
        return socket.id();
    }

    /** The Engine.IO session's id: the admin page lists the socket under it. */
    @Override
    public String carrier(SioSocket socket) {
        return socket.engineId();
    }

    /** Open from the accepted connect (the chat registers it from inside the connect handler) to the disconnect. */
    @Override
    public boolean isOpen(SioSocket socket) {
        return acks(socket) != null;
    }

    @Override
    public boolean admit(SioSocket socket, String text) {
        int bytes = OutboundQueue.utf8Length(text);
        if (bytes <= maxMessageBytes) {
            return true;
        }
        LOG.info(() -> "event=close path=/socket.io/" + NAMESPACE + " session=" + socket.id() + " reason="
                + Sessions.quoted("request of " + bytes + " bytes over the limit of " + maxMessageBytes));
        socket.disconnect();
        return false;
    }

    /**
     * A frame the chat sends: an answer to a request asked with an ack goes through that ack (without our ack id),
     * everything else is an event named by its {@code type}. A room's message comes once per member, the same
     * {@link OutboundMessage} each time: its event is parsed and encoded for the first member and reused for the
     * others ({@link #lastPush}).
     */
    @Override
    public void send(SioSocket socket, OutboundMessage message) {
        Push push = lastPush;
        if (push != null && push.message() == message && push.event().namespace() == socket.namespace()) {
            socket.emit(push.event());
            return;
        }
        JsonObject frame = ChatJson.parse(message.text());
        String type = frame.getString("type", "message");
        if (frame.get("ack") instanceof JsonString id) {
            Map<String, Ack> pending = acks(socket);
            if (pending != null) {
                Ack ack = pending.remove(id.getString());
                var answer = ChatJson.copy(frame);
                answer.remove("ack");
                if (ack != null) {
                    ack.send(answer.build());
                    return;
                }
                socket.emit(type, answer.build());
                return;
            }
            socket.emit(type, (JsonValue) frame); // an answer to one socket only: nothing to keep
            return;
        }
        push = new Push(message, socket.namespace().encode(type, frame));
        lastPush = push;
        socket.emit(push.event());
    }

    /** The chat closes a socket (rate limit, slow consumer, room reset, shutdown): it leaves {@code /chat}. */
    @Override
    public void close(SioSocket socket, int code, String reason) {
        LOG.info(() -> "event=close path=/socket.io/" + NAMESPACE + " session=" + socket.id() + " code=" + code
                + " reason=" + Sessions.quoted(reason));
        socket.disconnect();
    }

    /** Only the chat's main delivery's bound sizes the history pages. */
    @Override
    public long outboundMaxBytes() {
        return Long.MAX_VALUE;
    }
}

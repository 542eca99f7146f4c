package dev.parley.admin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.websocket.Session;

import dev.parley.chat.ChatService;
import dev.parley.engineio.EngineServer;
import dev.parley.engineio.EngineSession;
import dev.parley.session.OutboundQueue;
import dev.parley.session.Sessions;

/**
 * The connected sessions as the admin page lists them: every WebSocket session ({@code /chat}, {@code /echo},
 * {@code /broadcast}, and Engine.IO's WebSocket transport) with its user, address, path, age and what waits in its
 * outbound queue, and every Engine.IO session on the polling transport. Read from the live models; nothing kept.
 */
final class SessionList {
    static final String WEBSOCKET = "websocket";
    static final String ENGINE_WEBSOCKET = "engine.io websocket";
    static final String ENGINE_POLLING = "engine.io polling";

    private final Sessions sessions;
    private final Supplier<List<EngineServer>> engines;
    private final LongSupplier nanoTime;

    SessionList(Sessions sessions, Supplier<List<EngineServer>> engines, LongSupplier nanoTime) {
        this.sessions = sessions;
        this.engines = engines;
        this.nanoTime = nanoTime;
    }

    /**
     * Every session now; {@code connections} (the chat's) give a chat session its user and rooms, found by the id of
     * the session that carries it (a WebSocket session's, or for Socket.IO its Engine.IO session's).
     */
    JsonArrayBuilder json(List<ChatService.Connection> connections) {
        Map<String, ChatService.Connection> chat = new HashMap<>();
        connections.forEach(connection -> chat.putIfAbsent(connection.carrier(), connection));
        JsonArrayBuilder all = Json.createArrayBuilder();
        long now = nanoTime.getAsLong();
        for (Session session : sessions.all()) {
            OutboundQueue queue = sessions.outbound(session);
            if (queue == null) {
                continue; // closed meanwhile
            }
            String path = session.getRequestURI().getPath();
            Object engine = session.getUserProperties().get(EngineSession.class.getName());
            ChatService.Connection member = chat.get(engine instanceof EngineSession carried ? carried.id()
                    : session.getId());
            Object user = session.getUserProperties().get(Sessions.USER);
            all.add(Json.createObjectBuilder().add("id", session.getId())
                    .add("user", text(user == null && member != null ? member.user() : user))
                    .add("address", text(session.getUserProperties().get(Sessions.REMOTE_ADDRESS)))
                    .add("path", path)
                    .add("transport", engine(path) ? ENGINE_WEBSOCKET : WEBSOCKET)
                    .add("ageSeconds", (now - queue.openedNanos()) / 1_000_000_000L)
                    .add("queuedBytes", queue.queuedBytes())
                    .add("queuedMessages", queue.depth())
                    .add("rooms", rooms(member)));
        }
        for (EngineServer engine : engines.get()) {
            for (EngineSession session : engine.sessions()) {
                if (session.isOpen() && session.transport().equals("polling")) {
                    all.add(polling(engine, session, chat.get(session.id()), now));
                }
            }
        }
        return all;
    }

    private static JsonObjectBuilder polling(EngineServer engine, EngineSession session,
                                             ChatService.Connection member, long now) {
        return Json.createObjectBuilder().add("id", session.id()).add("user", member == null ? "" : member.user())
                .add("address", text(session.request().address())).add("path", engine.path())
                .add("transport", ENGINE_POLLING).add("ageSeconds", (now - session.openedNanos()) / 1_000_000_000L)
                .add("queuedBytes", session.queuedBytes()).add("queuedMessages", session.queuedPackets())
                .add("rooms", rooms(member));
    }

    private static JsonArrayBuilder rooms(ChatService.Connection member) {
        JsonArrayBuilder rooms = Json.createArrayBuilder();
        if (member != null) {
            member.rooms().stream().sorted().forEach(rooms::add);
        }
        return rooms;
    }

    /** Whether a WebSocket at {@code path} is an Engine.IO transport (its path ends in an Engine.IO server's). */
    private boolean engine(String path) {
        for (EngineServer engine : engines.get()) {
            if (path.endsWith(engine.path())) {
                return true;
            }
        }
        return false;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}

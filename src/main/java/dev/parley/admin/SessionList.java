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

    /** Every session now; {@code connections} (the chat's) give a chat session its rooms. */
    JsonArrayBuilder json(List<ChatService.Connection> connections) {
        Map<String, ChatService.Connection> chat = new HashMap<>();
        connections.forEach(connection -> chat.put(connection.id(), connection));
        JsonArrayBuilder all = Json.createArrayBuilder();
        long now = nanoTime.getAsLong();
        for (Session session : sessions.all()) {
            OutboundQueue queue = sessions.outbound(session);
            if (queue == null) {
                continue; // closed meanwhile
            }
            String path = session.getRequestURI().getPath();
            ChatService.Connection member = chat.get(session.getId());
            JsonArrayBuilder rooms = Json.createArrayBuilder();
            if (member != null) {
                member.rooms().stream().sorted().forEach(rooms::add);
            }
            all.add(Json.createObjectBuilder().add("id", session.getId())
                    .add("user", text(session.getUserProperties().get(Sessions.USER)))
                    .add("address", text(session.getUserProperties().get(Sessions.REMOTE_ADDRESS)))
                    .add("path", path)
                    .add("transport", engine(path) ? ENGINE_WEBSOCKET : WEBSOCKET)
                    .add("ageSeconds", (now - queue.openedNanos()) / 1_000_000_000L)
                    .add("queuedBytes", queue.queuedBytes())
                    .add("queuedMessages", queue.depth())
                    .add("rooms", rooms));
        }
        for (EngineServer engine : engines.get()) {
            for (EngineSession session : engine.sessions()) {
                if (session.isOpen() && session.transport().equals("polling")) {
                    all.add(polling(engine, session));
                }
            }
        }
        return all;
    }

    private static JsonObjectBuilder polling(EngineServer engine, EngineSession session) {
        return Json.createObjectBuilder().add("id", session.id()).add("user", "")
                .add("address", text(session.request().address())).add("path", engine.path())
                .add("transport", ENGINE_POLLING).addNull("ageSeconds").addNull("queuedBytes")
                .addNull("queuedMessages").add("rooms", Json.createArrayBuilder());
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

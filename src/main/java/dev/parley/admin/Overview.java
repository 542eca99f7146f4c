package dev.parley.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import dev.parley.chat.ChatService;

/**
 * What {@code GET /admin/api/overview} answers: this server's live rooms with their members, its connected sessions
 * ({@link SessionList}), the message and delivery rates of the last minute and, over the window
 * ({@link MetricsWindow}), the close codes, refusals, slow consumers and rate-limit hits, all read from the counters
 * {@code /metrics} shows.
 */
final class Overview {
    /** Points in each rate series: one a second, the last minute. */
    static final int SERIES_POINTS = 60;
    static final String RECEIVED = "parley_messages_received";
    static final String SENT = "parley_messages_sent";

    /** The refusal counters, each by its label values, and the prefix it is shown under. */
    private static final Map<String, String> REFUSALS = Map.of(
            "parley_handshakes_refused", "handshake ",
            "parley_http_refused", "http ",
            "parley_engineio_refused", "engine.io ",
            "parley_chat_rooms_refused", "join ",
            "parley_frame_budget_exceeded", "frame budget ",
            "parley_memory_budget_exceeded", "memory budget ",
            "parley_connections_dropped", "dropped ");

    private final ChatService<?> chat;
    private final SessionList sessions;
    private final MetricsWindow window;
    private final Supplier<Instant> now;

    Overview(ChatService<?> chat, SessionList sessions, MetricsWindow window, Supplier<Instant> now) {
        this.chat = chat;
        this.sessions = sessions;
        this.window = window;
        this.now = now;
    }

    JsonObject json() {
        List<ChatService.Connection> connections = chat.connections();
        return Json.createObjectBuilder().add("type", "overview").add("time", now.get().toString())
                .add("rooms", rooms(connections))
                .add("sessions", sessions.json(connections))
                .add("rates", rates())
                .add("window", windowJson())
                .build();
    }

    /** The rooms with members on this server, by name, each with its member count and users. */
    private JsonObjectBuilder rooms(List<ChatService.Connection> connections) {
        Map<String, TreeMap<String, Integer>> byRoom = new TreeMap<>();
        for (ChatService.Connection connection : connections) {
            for (String room : connection.rooms()) {
                byRoom.computeIfAbsent(room, r -> new TreeMap<>()).merge(connection.user(), 1, Integer::sum);
            }
        }
        JsonArrayBuilder live = Json.createArrayBuilder();
        byRoom.forEach((room, users) -> {
            JsonArrayBuilder names = Json.createArrayBuilder();
            users.keySet().forEach(names::add);
            live.add(Json.createObjectBuilder().add("room", room)
                    .add("members", users.values().stream().mapToInt(Integer::intValue).sum()).add("users", names));
        });
        return Json.createObjectBuilder().add("stored", chat.roomCount()).add("live", live);
    }

    private JsonObjectBuilder rates() {
        return Json.createObjectBuilder()
                .add("messagesPerSecond", window.lastRate(RECEIVED))
                .add("deliveriesPerSecond", window.lastRate(SENT))
                .add("messages", series(RECEIVED))
                .add("deliveries", series(SENT));
    }

    private JsonArrayBuilder series(String metric) {
        JsonArrayBuilder points = Json.createArrayBuilder();
        window.rate(metric, SERIES_POINTS).forEach(point -> points.add(Json.createArrayBuilder()
                .add(point.millis()).add(point.perSecond())));
        return points;
    }

    /** Over the window: closes by code, refusals by kind, slow consumers, rate-limit hits. */
    private JsonObjectBuilder windowJson() {
        JsonObjectBuilder closes = Json.createObjectBuilder();
        window.increase("parley_sessions_closed").forEach((code, n) -> closes.add(code, n.longValue()));
        window.increase("parley_engineio_closed").forEach((labels, n) -> closes.add("engine.io "
                + labels.replace(',', ' '), n.longValue()));
        Map<String, Long> refusals = new TreeMap<>();
        REFUSALS.forEach((metric, prefix) -> window.increase(metric).forEach((labels, n) ->
                refusals.put(prefix + labels.replace(',', '/'), n.longValue())));
        JsonObjectBuilder refused = Json.createObjectBuilder();
        refusals.forEach(refused::add);
        return Json.createObjectBuilder().add("seconds", window.spanMillis() / 1000)
                .add("closes", closes).add("refusals", refused)
                .add("slowConsumers", (long) window.totalIncrease("parley_slow_consumers"))
                .add("rateLimited", (long) window.totalIncrease("parley_rate_limited"));
    }
}

package dev.parley.chat;

import java.time.Clock;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

import jakarta.json.JsonObjectBuilder;

import dev.parley.metrics.Metrics;

/**
 * The requests about rooms, {@code join}, {@code leave}, {@code say} and {@code history}, and the publish API's
 * messages, carried out on the {@link RoomStore}. Each answers with a stage of its acknowledgement (the request's
 * {@code ack} id is added by {@link Replies}), completed exceptionally with {@link RequestRejected} when refused.
 */
final class RoomRequests {
    private static final Logger LOG = Logger.getLogger(RoomRequests.class.getName());

    private final RoomStore rooms;
    private final RequestDecoder decoder;
    private final Metrics metrics;
    private final Clock clock;
    private final long historyPageBytes;

    /** History answers are pages of at most {@code historyPageBytes} ({@link HistoryPage#budget}). */
    RoomRequests(RoomStore rooms, RequestDecoder decoder, Metrics metrics, Clock clock, long historyPageBytes) {
        this.rooms = rooms;
        this.decoder = decoder;
        this.metrics = metrics;
        this.clock = clock;
        this.historyPageBytes = historyPageBytes;
    }

    /** Joins; the store sends the acknowledgement (members, last id, epoch) in the room's sequence, so: null. */
    CompletionStage<JsonObjectBuilder> join(ChatSession member, ChatRequest.Join join) {
        return rooms.join(member, join.room(), join.ack()).handle((joined, failure) -> {
            if (RequestFailures.cause(failure) instanceof RequestRejected refused
                    && !refused.code().equals("too_many_rooms") && !refused.code().equals("unavailable")) {
                // server_full, too_many_new_rooms: the memory budgets
                metrics.roomRefused(refused.code());
                if (member.roomRefusals++ == 0) { // counted each time, logged once per connection
                    LOG.info(() -> "event=room-refused session=" + member.id() + " user=" + member.user
                            + " address=" + member.address + " room=" + join.room() + " code=" + refused.code());
                }
            }
            if (failure != null) {
                throw RequestFailures.rethrown(failure);
            }
            return null;
        });
    }

    CompletionStage<JsonObjectBuilder> leave(ChatSession member, ChatRequest.Leave leave) {
        return rooms.leave(member, leave.room()).thenApply(left -> {
            if (!left) {
                throw new RequestRejected("not_member", "not in room \"" + leave.room() + "\"");
            }
            return ChatJson.object("ack").add("room", leave.room());
        });
    }

    /** Answered once the store has handed the message to this server's members, the sender among them. */
    CompletionStage<JsonObjectBuilder> say(ChatSession member, ChatRequest.Say say) {
        return rooms.say(member, say.room(), say.text(), clock.instant())
                .thenApply(message -> ChatJson.object("ack").add("room", say.room()).add("id", message.id()));
    }

    /**
     * One page of a room's history ({@link HistoryPage}): never near the session's outbound bound. With the room's
     * epoch and last id; {@code reset} when the client's ids are of another epoch.
     */
    CompletionStage<JsonObjectBuilder> history(ChatSession member, ChatRequest.History request) {
        return rooms.history(member, request.room(), request.since(), request.limit(), request.epoch())
                .thenApply(history -> {
                    HistoryPage.Page page = HistoryPage.of(history, historyPageBytes);
                    return ChatJson.object("ack").add("room", request.room()).add("messages", page.messages())
                            .add("complete", history.complete()).add("more", page.more())
                            .add("reset", history.reset()).add("epoch", history.epoch()).add("last", history.last());
                });
    }

    /**
     * Says {@code text} in {@code room} as {@code from}, for the publish API: a normal message, with the room's next
     * id, kept in its history. The room is made if need be.
     *
     * @return the message id
     * @throws RequestRejected for a bad room name, author or text (before the store is asked)
     */
    CompletionStage<Long> publish(String room, String from, String text) {
        RequestDecoder.checkRoom(room);
        if (!Admission.isValidName(from)) {
            throw new RequestRejected("bad_field", "\"from\" must be 1-32 letters, digits, '_', '-' or '.'");
        }
        decoder.checkText(text);
        return rooms.publish(room, from, text, clock.instant()).thenApply(ChatMessage::id);
    }
}

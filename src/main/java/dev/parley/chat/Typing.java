package dev.parley.chat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

import jakarta.json.JsonObjectBuilder;

import dev.parley.session.OutboundMessage;

/**
 * The {@code typing} request (docs/protocol.md): "this user is typing in this room", pushed to the room's other users
 * as {@code {"type":"typing","room":..,"user":..}} and never stored. At most one per session per
 * {@link #MIN_INTERVAL}: one sooner is dropped without a word (answered {@code "sent":false} only if it carried an
 * {@code ack}); it still counts towards the session's message rate like any frame. Time comes from the caller.
 */
final class Typing {
    /** The least time between two typing events of one session that are passed on. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(2);

    private final RoomStore rooms;
    private final LongSupplier nanoTime;

    Typing(RoomStore rooms, LongSupplier nanoTime) {
        this.rooms = rooms;
        this.nanoTime = nanoTime;
    }

    /** Passed on (answered {@code sent:true}), dropped ({@code sent:false}) or refused {@code not_member}. */
    CompletionStage<JsonObjectBuilder> typing(ChatSession member, ChatRequest.Typing request) {
        long now = nanoTime.getAsLong();
        Long last = member.typedAt;
        if (last != null && now - last < MIN_INTERVAL.toNanos()) {
            return CompletableFuture.completedFuture(answer(request, false));
        }
        OutboundMessage frame = OutboundMessage.text(ChatJson.object("typing").add("room", request.room())
                .add("user", member.user).build().toString());
        return rooms.typing(member, request.room(), frame).thenApply(sent -> {
            if (!sent) {
                throw new RequestRejected("not_member", "join \"" + request.room() + "\" before typing there");
            }
            member.typedAt = now;
            return answer(request, true);
        });
    }

    private static JsonObjectBuilder answer(ChatRequest.Typing request, boolean sent) {
        return ChatJson.object("ack").add("room", request.room()).add("sent", sent);
    }
}

package dev.parley.chat;

import java.time.Clock;
import java.util.function.LongSupplier;

import jakarta.json.JsonObjectBuilder;

import dev.parley.metrics.Metrics;

/**
 * The path of one request: decoded once ({@link RequestDecoder}), charged to the session's {@link RateLimit} whether
 * it decoded or not, carried out by {@link RoomRequests} or {@link Membership}, and answered ({@link Replies}) with
 * an ack or an error, never by closing, except for abuse.
 */
final class RequestHandler {
    private final RequestDecoder decoder;
    private final Replies replies;
    private final RateLimit rateLimit;
    private final RoomRequests roomRequests;
    private final Membership members;

    /** History answers are pages of at most {@code historyPageBytes} ({@link HistoryPage#budget}). */
    RequestHandler(ChatConfig config, Metrics metrics, Clock clock, LongSupplier nanoTime, RoomStore rooms,
                   Membership members, long historyPageBytes) {
        this.decoder = new RequestDecoder(config.maxTextBytes(), config.historySize());
        this.replies = new Replies(metrics);
        this.rateLimit = new RateLimit(config, nanoTime, metrics, replies);
        this.roomRequests = new RoomRequests(rooms, decoder, metrics, clock, historyPageBytes);
        this.members = members;
    }

    /** A new session's rate budget: full. */
    TokenBucket bucket() {
        return rateLimit.bucket();
    }

    /** One text frame from {@code member} (within the message cap). Called on the session's read thread. */
    void received(ChatSession member, String text) {
        RequestDecoder.Decoded decoded = decoder.decode(text);
        if (!rateLimit.admit(member, decoded.ack())) {
            return;
        }
        if (decoded.rejected() != null) {
            replies.error(member, decoded.ack(), decoded.rejected());
            return;
        }
        try {
            replies.answer(member, decoded.ack(), handle(member, decoded.request()));
        } catch (RequestRejected refused) {
            replies.error(member, decoded.ack(), refused);
        }
    }

    /** The publish API's message ({@link RoomRequests#publish}); its id. */
    long publish(String room, String from, String text) {
        return roomRequests.publish(room, from, text);
    }

    /** The request's answer, or null when it has been sent already (a join's, in its room's sequence). */
    private JsonObjectBuilder handle(ChatSession member, ChatRequest request) {
        if (request instanceof ChatRequest.Join join) {
            return roomRequests.join(member, join);
        } else if (request instanceof ChatRequest.Leave leave) {
            return roomRequests.leave(member, leave);
        } else if (request instanceof ChatRequest.Say say) {
            return roomRequests.say(member, say);
        } else if (request instanceof ChatRequest.History history) {
            return roomRequests.history(member, history);
        } else if (request instanceof ChatRequest.Whisper whisper) {
            return members.whisper(member, whisper);
        }
        throw new IllegalStateException("no handler for " + request);
    }
}

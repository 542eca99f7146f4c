package dev.parley.chat;

import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

import jakarta.json.JsonObjectBuilder;

import dev.parley.metrics.Metrics;

/**
 * The path of one request: decoded once ({@link RequestDecoder}), charged to the session's {@link RateLimit} whether
 * it decoded or not, queued behind the session's earlier requests ({@link RequestQueue}; too many waiting:
 * {@code busy}), carried out by {@link RoomRequests} or {@link Membership}, and answered ({@link Replies}) with an
 * ack or an error, never by closing, except for abuse. A store that fails otherwise than with a
 * {@link RequestRejected} gets the request answered {@code unavailable}.
 */
final class RequestHandler {
    private static final Logger LOG = Logger.getLogger(RequestHandler.class.getName());
    private static final CompletionStage<Void> ANSWERED = CompletableFuture.completedFuture(null);

    private final RequestDecoder decoder;
    private final Replies replies;
    private final RateLimit rateLimit;
    /** The characters of every session's pending requests together (docs/limits.md). */
    private final RequestQueue.Budget waiting = RequestQueue.Budget.forHeap(Runtime.getRuntime().maxMemory());
    private final RoomRequests roomRequests;
    private final Membership members;
    private final Typing typing;

    /** History answers are pages of at most {@code historyPageBytes} ({@link HistoryPage#budget}). */
    RequestHandler(ChatConfig config, Metrics metrics, Clock clock, LongSupplier nanoTime, RoomStore rooms,
                   Membership members, long historyPageBytes) {
        this.decoder = new RequestDecoder(config.maxTextBytes(), config.historySize());
        this.replies = new Replies(metrics);
        this.rateLimit = new RateLimit(config, nanoTime, metrics, replies);
        this.roomRequests = new RoomRequests(rooms, decoder, metrics, clock, historyPageBytes);
        this.members = members;
        this.typing = new Typing(rooms, nanoTime);
    }

    /** A new session's rate budget: full. */
    TokenBucket bucket() {
        return rateLimit.bucket();
    }

    /** The server's budget for the characters of pending requests, which every session's queue counts in. */
    RequestQueue.Budget waiting() {
        return waiting;
    }

    /**
     * One text frame from {@code member} (within the message cap). Called on the session's read thread; the request
     * is carried out after the session's earlier ones, at once if none is pending.
     */
    void received(ChatSession member, String text) {
        RequestDecoder.Decoded decoded = decoder.decode(text);
        if (!rateLimit.admit(member, decoded.ack())) {
            return;
        }
        if (!member.requests.offer(text.length(), () -> carryOut(member, decoded))) {
            replies.error(member, decoded.ack(), new RequestRejected("busy", "too many requests are waiting for"
                    + " their answers (at most " + RequestQueue.MAX_WAITING + "); wait for them"));
        }
    }

    /** The publish API's message ({@link RoomRequests#publish}): its id, or a failed stage. */
    CompletionStage<Long> publish(String room, String from, String text) {
        try {
            return roomRequests.publish(room, from, text);
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    /** Carries out one request and answers it; the stage completes once it has been answered. */
    private CompletionStage<Void> carryOut(ChatSession member, RequestDecoder.Decoded decoded) {
        if (decoded.rejected() != null) {
            replies.error(member, decoded.ack(), decoded.rejected());
            return ANSWERED;
        }
        CompletionStage<JsonObjectBuilder> answer;
        try {
            answer = handle(member, decoded.request());
        } catch (RuntimeException refused) { // thrown rather than completed exceptionally: answered the same
            answer = CompletableFuture.failedFuture(refused);
        }
        return answer.handle((json, failure) -> {
            if (failure == null) {
                replies.answer(member, decoded.ack(), json);
            } else {
                replies.error(member, decoded.ack(), rejection(member, decoded.request(), failure));
            }
            return null;
        });
    }

    /** What to answer a request that failed: its refusal, or {@code unavailable} (logged) for any other failure. */
    private static RequestRejected rejection(ChatSession member, ChatRequest request, Throwable failure) {
        RequestRejected rejected = RequestFailures.rejection(failure);
        if (rejected != null) {
            return rejected;
        }
        Throwable cause = RequestFailures.cause(failure);
        LOG.warning(() -> "event=store-failed session=" + member.id() + " user=" + member.user + " request="
                + request.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " cause=" + cause);
        return RequestFailures.unavailable();
    }

    /** The request's answer, null when it has been sent already (a join's, in its room's sequence). */
    private CompletionStage<JsonObjectBuilder> handle(ChatSession member, ChatRequest request) {
        if (request instanceof ChatRequest.Join join) {
            return roomRequests.join(member, join);
        } else if (request instanceof ChatRequest.Leave leave) {
            return roomRequests.leave(member, leave);
        } else if (request instanceof ChatRequest.Say say) {
            return roomRequests.say(member, say);
        } else if (request instanceof ChatRequest.History history) {
            return roomRequests.history(member, history);
        } else if (request instanceof ChatRequest.Typing typed) {
            return typing.typing(member, typed);
        } else if (request instanceof ChatRequest.Whisper whisper) {
            return members.whisper(member, whisper);
        }
        throw new IllegalStateException("no handler for " + request);
    }
}

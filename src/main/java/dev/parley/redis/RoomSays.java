package dev.parley.redis;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import dev.parley.chat.ChatMessage;
import dev.parley.chat.RequestRejected;

/**
 * A message said in a room ({@code say} or the publish API): the say script with its deadline ({@link SayDeadline},
 * on Redis's clock, compared with ours at start and every minute), then, if this node has the room, its delivery to
 * the room's local members before the stage completes: message before ack. A say that reached Redis too late did
 * nothing and answers {@code unavailable}, like one Redis did not answer.
 */
final class RoomSays {
    private final RedisLink link;
    private final RoomScripts scripts;
    private final RoomFanout fanout;
    private final int historySize;
    private final Supplier<String> newEpoch;
    private final Executor control;
    private final SayDeadline deadline;

    RoomSays(RedisLink link, RoomScripts scripts, RoomFanout fanout, int historySize, Supplier<String> newEpoch,
             Executor control) {
        this.link = link;
        this.scripts = scripts;
        this.fanout = fanout;
        this.historySize = historySize;
        this.newEpoch = newEpoch;
        this.control = control;
        this.deadline = new SayDeadline(link.settings().timeout());
    }

    /** Compares this node's clock with Redis's ({@code TIME}); a failure keeps the last comparison. */
    void calibrate() {
        long before = System.currentTimeMillis();
        link.call(c -> c.time()).thenAccept(time -> deadline.calibrated(time.get(0), time.get(1), before,
                System.currentTimeMillis())).exceptionally(failure -> null);
    }

    CompletionStage<ChatMessage> say(String room, String from, String text, Instant ts) {
        RoomKeys keys = RoomKeys.of(room);
        long deadlineMillis = deadline.at(System.currentTimeMillis());
        return scripts.say(keys, RoomFrames.message(room, from, text, ts), historySize, newEpoch.get(),
                        deadlineMillis)
                // on a control thread: the feed's lock (said) must never be waited for on Lettuce's event loop
                .handleAsync((answer, failure) -> {
                    if (failure != null) {
                        throw RedisRoomStore.unavailable(failure);
                    }
                    if ("late".equals(answer.get(0))) {
                        throw new RequestRejected("unavailable", "Redis answered too late; the message was not sent"
                                + " (retry)");
                    }
                    return answer;
                }, control)
                .thenCompose(answer -> {
                    long id = (Long) answer.get(0);
                    String epoch = (String) answer.get(1);
                    LocalRoom local = fanout.get(room);
                    CompletableFuture<Void> delivered = local == null ? CompletableFuture.completedFuture(null)
                            : local.feed.said(epoch, id);
                    return delivered.thenApply(done -> new ChatMessage(room, id, from, text, ts));
                })
                .whenCompleteAsync((r, f) -> { }, control);
    }
}

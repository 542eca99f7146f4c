package dev.parley.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import dev.parley.chat.RequestRejected;
import dev.parley.chat.RoomStore;
import dev.parley.chat.RoomStore.Joined;
import dev.parley.chat.RoomStore.Member;
import dev.parley.session.OutboundMessage;

/**
 * This node's members entering and leaving rooms in Redis: the join script (after the room's channel is subscribed,
 * its acknowledgement in the room's sequence through the feed), a member's join again (its acknowledgement now), the
 * leave script, and the node's counts put back after its registration was lost ({@link #reregister}). Answers are
 * taken on the control threads.
 */
final class RoomJoins {
    private final RedisLink link;
    private final RoomScripts scripts;
    private final RoomFanout fanout;
    /** Rooms this node may have members in (each holds a feed here): {@code --max-rooms}. */
    private final int maxRooms;
    private final Supplier<String> newEpoch;
    private final Executor control;

    RoomJoins(RedisLink link, RoomScripts scripts, RoomFanout fanout, int maxRooms, Supplier<String> newEpoch,
              Executor control) {
        this.link = link;
        this.scripts = scripts;
        this.fanout = fanout;
        this.maxRooms = maxRooms;
        this.newEpoch = newEpoch;
        this.control = control;
    }

    CompletionStage<Joined> join(Member member, String room, String ack) {
        LocalRoom existing = fanout.get(room);
        if (existing != null && existing.counted.contains(member)) {
            return rejoin(member, existing, ack);
        }
        if (!member.rooms().contains(room) && member.rooms().size() >= RoomStore.MAX_ROOMS_PER_SESSION) {
            return CompletableFuture.failedFuture(new RequestRejected("too_many_rooms",
                    "a connection may be in at most " + RoomStore.MAX_ROOMS_PER_SESSION + " rooms"));
        }
        if (existing == null && fanout.all().size() >= maxRooms) {
            return CompletableFuture.failedFuture(new RequestRejected("server_full", "this server has members in its"
                    + " maximum of " + maxRooms + " rooms; join a room it has or try later"));
        }
        member.rooms().add(room);
        LocalRoom local = fanout.enter(room);
        CompletableFuture<Void> ready = local.feed.joining(member);
        CompletableFuture<Joined> joined = new CompletableFuture<>();
        // The answer is taken on a control thread, never on Lettuce's event loop: the feed's lock may be held for a
        // while by a dispatcher handing a frame to every local member, and an event loop waiting for it reads no
        // answer of this node's connection meanwhile: every command behind it times out (joins refused `unavailable`).
        // In the order the answers came (the room's first answer starts its feed at that join's last id).
        local.subscribed.thenCompose(subscribed -> scripts.join(local.keys, member.user(), link.nodeId(),
                        newEpoch.get()))
                .whenCompleteAsync((answer, failure) -> {
                    if (failure != null) {
                        local.feed.left(member);
                        member.rooms().remove(room);
                        fanout.exit(room);
                        // A timed-out join may still run on Redis: undo it after it (same connection, in order).
                        scripts.leave(local.keys, member.user(), link.nodeId()).exceptionally(e -> 0L);
                        joined.completeExceptionally(RedisRoomStore.unavailable(failure));
                        return;
                    }
                    long last = (Long) answer.get(0);
                    String epoch = (String) answer.get(1);
                    long presence = (Long) answer.get(2);
                    List<String> members = new ArrayList<>();
                    for (Object name : (List<?>) answer.get(3)) {
                        members.add((String) name);
                    }
                    Joined result = new Joined(List.copyOf(members), last, epoch);
                    local.counted.add(member);
                    local.feed.joined(member, epoch, last, presence, ack == null ? null : result.ack(room, ack));
                    if (member.isClosed()) { // closed meanwhile: closed() may not have seen it counted
                        leave(member, room);
                    }
                    ready.whenComplete((ok, reset) -> {
                        if (reset == null) {
                            joined.complete(result);
                        } else {
                            joined.completeExceptionally(new RequestRejected("unavailable",
                                    "room \"" + room + "\" was reset while joining; join again"));
                        }
                    });
                }, local.answers);
        return joined.whenCompleteAsync((r, f) -> { }, control);
    }

    /** A member joins a room it is in: its acknowledgement, now (its messages and presence keep their order). */
    private CompletionStage<Joined> rejoin(Member member, LocalRoom local, String ack) {
        return link.<List<String>>call(c -> c.hkeys(local.keys.members())).handleAsync((members, failure) -> {
            if (failure != null) {
                throw RedisRoomStore.unavailable(failure);
            }
            String epoch = local.feed.epoch();
            if (epoch == null) { // the room was reset under it: it is being closed
                throw new RequestRejected("unavailable", "room \"" + local.keys.room() + "\" was reset; join again");
            }
            Joined result = new Joined(List.copyOf(members), local.feed.watermark(), epoch);
            if (ack != null) {
                member.send(OutboundMessage.text(result.ack(local.keys.room(), ack)));
            }
            return result;
        }, control); // the feed's lock: not on Lettuce's event loop
    }

    CompletionStage<Boolean> leave(Member member, String room) {
        LocalRoom local = fanout.get(room);
        if (local == null || !local.counted.remove(member)) {
            return CompletableFuture.completedFuture(false);
        }
        local.feed.left(member);
        member.rooms().remove(room);
        fanout.exit(room);
        return scripts.leave(local.keys, member.user(), link.nodeId())
                .handle((answer, failure) -> {
                    if (failure != null) {
                        throw RedisRoomStore.unavailable(failure);
                    }
                    return true;
                }).whenCompleteAsync((r, f) -> { }, control);
    }

    /**
     * This node's counts in every room it has members in, put back as they are here (the members whose join script
     * ran and whose leave did not), silently: the node's registration was lost. Rooms whose data Redis lost are left
     * alone (their sessions are reset: they join again). Idempotent; completes when every room's script answered.
     */
    CompletionStage<Void> reregister() {
        List<String> rooms = fanout.all().stream().map(local -> local.keys.room()).toList();
        return Batches.each(rooms, room -> {
            LocalRoom local = fanout.get(room);
            String epoch = local == null ? null : local.feed.epoch();
            if (epoch == null) { // gone meanwhile, or being reset
                return CompletableFuture.completedFuture(0L);
            }
            Map<String, Integer> sessions = new TreeMap<>();
            local.counted.forEach(member -> sessions.merge(member.user(), 1, Integer::sum));
            return scripts.reregister(local.keys, link.nodeId(), epoch, sessions);
        });
    }
}

package dev.parley.redis;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.parley.chat.ChatConfig;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.RequestRejected;
import dev.parley.chat.RoomLimits;
import dev.parley.chat.RoomStore;
import dev.parley.session.OutboundMessage;

/**
 * The rooms in Redis, shared by every node on it (issue 14; docs/scaling.md): ids, epochs and history in the room's
 * keys ({@link RoomKeys}), changed only by the room scripts ({@link RoomScripts}), so ids are gap-free and ordered
 * across nodes; messages and presence reach this node's members through the room's channel ({@link RoomFanout},
 * {@link RoomFeed}). Redis not answering within the command timeout (or the link's in-flight cap reached) answers
 * {@code unavailable}; nothing is retried later: a say that reaches Redis after its deadline does nothing.
 */
public final class RedisRoomStore implements RoomStore {
    /** Whispers to users on any node (the node side's registry); until one is set, this node's sessions only. */
    public interface Whispers {
        CompletionStage<Boolean> whisper(String to, OutboundMessage frame);
    }

    private final RedisLink link;
    private final RoomScripts scripts;
    private final RoomReads reads;
    /** Rooms this node may have members in (each holds a feed here): {@code --max-rooms}. */
    private final int maxRooms;
    private final RoomSays says;
    private final SecureRandom random = new SecureRandom();
    private final ExecutorService control;
    private final ScheduledExecutorService timer;
    private final RoomFanout fanout;
    private volatile LocalUsers users;
    private volatile Whispers whispers;

    /** Rooms on {@code link}'s Redis for a chat of {@code config} (its history size, its cap on rooms). */
    public RedisRoomStore(RedisLink link, ChatConfig config) {
        this(link, config.historySize(), config.rooms().maxRooms(), RoomFanout.QUEUE);
    }

    /** As {@link #RedisRoomStore(RedisLink, ChatConfig)} with the default cap on rooms. */
    public RedisRoomStore(RedisLink link, int historySize) {
        this(link, historySize, RoomLimits.DEFAULTS.maxRooms(), RoomFanout.QUEUE);
    }

    /** With {@code queue} slots per dispatcher (tests make it small to see drops repaired). */
    RedisRoomStore(RedisLink link, int historySize, int maxRooms, int queue) {
        this.link = link;
        this.maxRooms = maxRooms;
        this.scripts = new RoomScripts(link);
        this.reads = new RoomReads(link);
        this.control = Executors.newFixedThreadPool(2, daemon("parley-redis-rooms-control"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("parley-redis-rooms-timer"));
        this.fanout = new RoomFanout(link, historySize, queue, control);
        this.says = new RoomSays(link, scripts, fanout, historySize, this::newEpoch, control);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Whispers go through {@code registry} from now on. */
    public void useWhispers(Whispers registry) {
        this.whispers = registry;
    }

    public RoomScripts scripts() {
        return scripts;
    }

    @Override
    public void start(LocalUsers localUsers) {
        this.users = localUsers;
        says.calibrate();
        timer.scheduleWithFixedDelay(says::calibrate, 60, 60, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(fanout::repairLost, 500, 500, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<Joined> join(Member member, String room, String ack) {
        LocalRoom existing = fanout.get(room);
        if (existing != null && existing.counted.contains(member)) {
            return rejoin(member, existing, ack);
        }
        if (!member.rooms().contains(room) && member.rooms().size() >= MAX_ROOMS_PER_SESSION) {
            return CompletableFuture.failedFuture(new RequestRejected("too_many_rooms",
                    "a connection may be in at most " + MAX_ROOMS_PER_SESSION + " rooms"));
        }
        if (existing == null && fanout.all().size() >= maxRooms) {
            return CompletableFuture.failedFuture(new RequestRejected("server_full", "this server has members in its"
                    + " maximum of " + maxRooms + " rooms; join a room it has or try later"));
        }
        member.rooms().add(room);
        LocalRoom local = fanout.enter(room);
        CompletableFuture<Void> ready = local.feed.joining(member);
        CompletableFuture<Joined> joined = new CompletableFuture<>();
        local.subscribed.thenCompose(subscribed -> scripts.join(local.keys, member.user(), link.nodeId(), newEpoch()))
                .whenComplete((answer, failure) -> {
                    if (failure != null) {
                        local.feed.left(member);
                        member.rooms().remove(room);
                        fanout.exit(room);
                        // A timed-out join may still run on Redis: undo it after it (same connection, in order).
                        scripts.leave(local.keys, member.user(), link.nodeId()).exceptionally(e -> 0L);
                        joined.completeExceptionally(unavailable(failure));
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
                });
        return joined.whenCompleteAsync((r, f) -> { }, control);
    }

    /** A member joins a room it is in: its acknowledgement, now (its messages and presence keep their order). */
    private CompletionStage<Joined> rejoin(Member member, LocalRoom local, String ack) {
        return link.<List<String>>call(c -> c.hkeys(local.keys.members())).handle((members, failure) -> {
            if (failure != null) {
                throw unavailable(failure);
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
        }).whenCompleteAsync((r, f) -> { }, control);
    }

    @Override
    public CompletionStage<Boolean> leave(Member member, String room) {
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
                        throw unavailable(failure);
                    }
                    return true;
                }).whenCompleteAsync((r, f) -> { }, control);
    }

    @Override
    public void closed(Member member) {
        for (String room : member.rooms()) {
            leave(member, room);
        }
    }

    @Override
    public CompletionStage<ChatMessage> say(Member member, String room, String text, Instant ts) {
        LocalRoom local = fanout.get(room);
        if (local == null || !local.feed.isMember(member)) {
            return CompletableFuture.failedFuture(new RequestRejected("not_member",
                    "join \"" + room + "\" before saying something there"));
        }
        return says.say(room, member.user(), text, ts);
    }

    @Override
    public CompletionStage<ChatMessage> publish(String room, String from, String text, Instant ts) {
        return says.say(room, from, text, ts);
    }

    @Override
    public CompletionStage<History> history(Member member, String room, long since, int limit, String epoch) {
        LocalRoom local = fanout.get(room);
        if (local == null || !local.feed.isMember(member)) {
            return CompletableFuture.failedFuture(new RequestRejected("not_member",
                    "join \"" + room + "\" before asking for its history"));
        }
        long from = since == Long.MAX_VALUE ? since : since + 1;
        return reads.read(local.keys, from, Long.MAX_VALUE, limit + 1).handle((snapshot, failure) -> {
            if (failure != null) {
                throw unavailable(failure);
            }
            return RoomHistory.of(local.feed, snapshot, since, limit, epoch);
        }).whenCompleteAsync((r, f) -> { }, control);
    }

    @Override
    public CompletionStage<Boolean> whisper(String to, OutboundMessage frame) {
        Whispers registry = whispers;
        if (registry != null) {
            return registry.whisper(to, frame);
        }
        LocalUsers here = users;
        Collection<? extends Member> targets = here == null ? List.of() : here.sessionsOf(to);
        targets.forEach(target -> target.send(frame));
        return CompletableFuture.completedFuture(!targets.isEmpty());
    }

    @Override
    public String newEpoch() {
        return HexFormat.of().toHexDigits(random.nextLong());
    }

    /** Repairs rooms whose events were dropped (also done every half second). */
    @Override
    public void sweep() {
        fanout.repairLost();
    }

    @Override
    public int size() {
        return fanout.all().size();
    }

    /** History is kept in Redis, not on this heap. */
    @Override
    public long historyBytes() {
        return 0;
    }

    /**
     * Stops this store's threads; the link is its maker's to close. This node's sessions leave the rooms they are
     * in (the server stops: they were closed without leaving), with presence to the other nodes, as a dead node's
     * would after the reaper; waits at most the command timeout for it.
     */
    @Override
    public void close() {
        List<CompletableFuture<Long>> evicted = new ArrayList<>();
        for (LocalRoom local : fanout.all()) {
            evicted.add(scripts.evict(local.keys.room(), link.nodeId()).toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(evicted.toArray(CompletableFuture[]::new))
                    .get(link.settings().timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Redis away: the other nodes' reaper evicts this node later
        }
        timer.shutdownNow();
        fanout.close();
        control.shutdownNow();
    }

    static RuntimeException unavailable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof RequestRejected rejected) {
            return rejected;
        }
        return new RequestRejected("unavailable", "the room store (Redis) did not answer; retry ("
                + cause.getMessage() + ")");
    }

}

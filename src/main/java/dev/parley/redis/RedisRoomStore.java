package dev.parley.redis;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
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
 * {@code unavailable}; nothing is retried later: a say that reaches Redis after its deadline does nothing. The store
 * owns this node's {@link NodeRegistry} (heartbeats, the dead-node reaper, the users here for whispers from any node)
 * and puts the node's presence back when the registry found its registration lost ({@link Reregistration}).
 */
public final class RedisRoomStore implements RoomStore, Reregistration {
    /** Whispers to users on any node: the store's {@link NodeRegistry}, unless {@link #useWhispers} set another. */
    public interface Whispers {
        CompletionStage<Boolean> whisper(String to, OutboundMessage frame);
    }

    private final RedisLink link;
    private final RoomScripts scripts;
    private final RoomReads reads;
    private final RoomSays says;
    private final RoomJoins joins;
    private final SecureRandom random = new SecureRandom();
    private final ExecutorService control;
    private final ScheduledExecutorService timer;
    private final RoomFanout fanout;
    /** This node in Redis: heartbeats, the reaper, its users (whispers), its registration made again. */
    private final NodeRegistry nodes;
    private volatile Whispers whispers;

    /**
     * Rooms on {@code link}'s Redis for a chat of {@code config} (its history size, its cap on rooms); this node
     * beats and reaps as the link's settings say ({@link RedisSettings#nodeTiming()}).
     */
    public RedisRoomStore(RedisLink link, ChatConfig config) {
        this(link, config.historySize(), config.rooms().maxRooms(), RoomFanout.QUEUE);
    }

    /** As {@link #RedisRoomStore(RedisLink, ChatConfig)} with the default cap on rooms. */
    public RedisRoomStore(RedisLink link, int historySize) {
        this(link, historySize, RoomLimits.DEFAULTS.maxRooms(), RoomFanout.QUEUE);
    }

    /** With {@code queue} slots per dispatcher (tests make it small to see drops repaired). */
    RedisRoomStore(RedisLink link, int historySize, int maxRooms, int queue) {
        this(link, historySize, maxRooms, queue, link.settings().nodeTiming());
    }

    /** With the node's heartbeat, expiry and reap periods {@code timing} (tests shorten them). */
    RedisRoomStore(RedisLink link, int historySize, int maxRooms, int queue, NodeTiming timing) {
        this.link = link;
        this.scripts = new RoomScripts(link);
        this.reads = new RoomReads(link);
        this.control = Executors.newFixedThreadPool(2, daemon("parley-redis-rooms-control"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("parley-redis-rooms-timer"));
        this.nodes = new NodeRegistry(link, link.nodeId(), timing, Clock.systemUTC());
        this.fanout = new RoomFanout(link, nodes, historySize, queue, control);
        this.says = new RoomSays(link, scripts, fanout, historySize, this::newEpoch, control);
        this.joins = new RoomJoins(link, scripts, fanout, maxRooms, this::newEpoch, control);
        useWhispers(nodes);
    }

    /** Daemon threads named {@code name}: the Redis package's threads never keep the JVM alive. */
    static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Whispers go through {@code registry} from now on (the store's own {@link NodeRegistry} until then). */
    public void useWhispers(Whispers registry) {
        this.whispers = registry;
    }

    public RoomScripts scripts() {
        return scripts;
    }

    /** This node's registry in Redis. */
    NodeRegistry nodes() {
        return nodes;
    }

    /** Starts the node's heartbeats and reaper ({@link NodeRegistry#start}, retried by them if Redis is away). */
    @Override
    public void start(LocalUsers localUsers) {
        scripts.load();
        nodes.start(localUsers, this::reregister).exceptionally(failure -> null);
        says.calibrate();
        timer.scheduleWithFixedDelay(says::calibrate, 60, 60, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(fanout::repairLost, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** The user's sessions here are counted in its hash now: a whisper from another node finds it at once. */
    @Override
    public CompletionStage<?> opened(Member member) {
        return nodes.userChanged(member.user());
    }

    @Override
    public CompletionStage<Joined> join(Member member, String room, String ack) {
        return joins.join(member, room, ack);
    }

    @Override
    public CompletionStage<Boolean> leave(Member member, String room) {
        return joins.leave(member, room);
    }

    @Override
    public void closed(Member member) {
        for (String room : member.rooms()) {
            leave(member, room);
        }
        nodes.userChanged(member.user());
    }

    /** This node's presence counts put back in every room it has members in, silently ({@link RoomJoins}). */
    @Override
    public CompletionStage<Void> reregister() {
        // called from the registry's answers (Lettuce's event loop): the feeds' locks are taken on a control thread
        return CompletableFuture.supplyAsync(joins::reregister, control).thenCompose(done -> done);
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
        return reads.read(local.keys, from, Long.MAX_VALUE, limit + 1).handleAsync((snapshot, failure) -> {
            if (failure != null) {
                throw unavailable(failure);
            }
            return RoomHistory.of(local.feed, snapshot, since, limit, epoch); // the feed's lock: not on the event loop
        }, control);
    }

    /**
     * Published on the room's channel as a {@link RoomEvent.Typing}: every node's feed of the room passes it to its
     * members of other users (this node's too, through its own subscription). Not kept in the room's log.
     */
    @Override
    public CompletionStage<Boolean> typing(Member member, String room, OutboundMessage frame) {
        LocalRoom local = fanout.get(room);
        String epoch = local == null ? null : local.feed.epoch();
        if (epoch == null || !local.feed.isMember(member)) {
            return CompletableFuture.completedFuture(false);
        }
        String payload = new RoomEvent.Typing(epoch, member.user(), frame.text()).payload();
        return link.call(c -> c.publish(local.keys.channel(), payload)).handleAsync((receivers, failure) -> {
            if (failure != null) {
                throw unavailable(failure);
            }
            return true;
        }, control);
    }

    @Override
    public CompletionStage<Boolean> whisper(String to, OutboundMessage frame) {
        return whispers.whisper(to, frame).whenCompleteAsync((r, f) -> { }, control); // not on Lettuce's threads
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
     * Stops this store's threads; the link is its maker's to close. First the node leaves Redis
     * ({@link NodeRegistry#close}): this node's sessions leave the rooms they are in (the server stops: they were
     * closed without leaving), with presence to the other nodes, as a dead node's would after the reaper; it waits at
     * most the node's expiry for that (after it, the other nodes' reaper does it).
     */
    @Override
    public void close() {
        nodes.close();
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

package dev.parley.redis;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import io.lettuce.core.SetArgs;

import dev.parley.chat.RoomStore;
import dev.parley.session.OutboundMessage;

/**
 * This node in Redis (issue 14, docs/scaling.md): that it is alive, which rooms it has members in, which users it
 * has sessions of, whispers to and from other nodes, and the reaper that evicts dead nodes. The Redis room store owns
 * one and calls it:
 * <ul>
 * <li>{@link #start} from its own {@code start(LocalUsers)}, before any other call;</li>
 * <li>{@link #roomJoined} before a room's first local member joins (awaiting it: a node that dies right after the
 * join is found in the room by the reaper), {@link #roomLeft} after its last local member left;</li>
 * <li>{@link #userChanged} after a session of a user opened or closed here (once {@link RoomStore.LocalUsers} shows
 * it);</li>
 * <li>{@link #whisper} for {@code RoomStore.whisper};</li>
 * <li>{@link #received} from its pub/sub listener, for the channels that are not a room's;</li>
 * <li>{@link #close} when the server stops (after the sessions closed, before the link does).</li>
 * </ul>
 * and implements {@link Reregistration}, called when the node's registration was lost.
 *
 * <p>Every {@link NodeTiming#heartbeat()} (5 s) the node sets its alive key {@code parley:node:{N}} (its run
 * information, expiring after {@link NodeTiming#expiry()}, 15 s) and its score in {@code parley:nodes}. The key's
 * old value comes back with the same command: none means the node's registration was lost (Redis restarted without
 * its data, or a reaper evicted the node while it was cut off; a new Redis run id, a restart with its data as of its
 * last save, counts too), and the node registers again, silently: its rooms and users sets, its users' hashes, then
 * the room store's presence ({@link Reregistration}). A user's hash holds this
 * node's count of the user's sessions as a value, not increments: a write that failed is simply written again at
 * the next heartbeat. Thread-safe.
 */
public final class NodeRegistry implements RedisRoomStore.Whispers, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeRegistry.class.getName());

    private final RedisLink link;
    private final String node;
    private final NodeTiming timing;
    private final Clock clock;
    private final String runInfo;
    private final NodeEviction eviction;
    private final Reaper reaper;
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();
    /** Writes of this node's rooms set go out in the order the store called. */
    private final Object writes = new Object();
    private final AtomicBoolean beating = new AtomicBoolean();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
            RedisRoomStore.daemon("parley-redis-node"));
    private volatile NodeUsers nodeUsers;
    private volatile Reregistration store;
    private volatile Whispers whispers;
    private volatile boolean registered;
    /** The last registration failed part-way (Redis flaky): the next heartbeat registers again. */
    private volatile boolean incomplete;
    /** Redis's run id when this node last registered ("" if unknown): another one means Redis restarted. */
    private volatile String registeredIn = "";
    private volatile boolean closed;

    /** This node ({@link RedisLink#nodeId()}) on {@code link}, with the default timing (5 s / 15 s / 5 s). */
    public NodeRegistry(RedisLink link) {
        this(link, link.nodeId(), NodeTiming.DEFAULT, Clock.systemUTC());
    }

    /** Node {@code node} on {@code link}, beating and reaping as {@code timing} says. */
    public NodeRegistry(RedisLink link, String node, NodeTiming timing, Clock clock) {
        this.link = link;
        this.node = Objects.requireNonNull(node);
        this.timing = timing;
        this.clock = clock;
        this.runInfo = "pid=" + ProcessHandle.current().pid() + " started=" + Instant.now(clock);
        this.eviction = new NodeEviction(link);
        this.reaper = new Reaper(link, node, timing, clock, eviction);
        timer.setRemoveOnCancelPolicy(true);
    }

    /** This node's id. */
    public String node() {
        return node;
    }

    /**
     * Subscribes to this node's channel, evicts what an earlier run under this node's id left, registers, and starts
     * the heartbeats and the reaper (which keep trying if this fails: Redis may come later).
     *
     * @param users this server's sessions (whispers arriving for them, the users to register)
     * @param store what puts this node's presence back after its registration was lost
     */
    public CompletionStage<Void> start(RoomStore.LocalUsers users, Reregistration store) {
        this.nodeUsers = new NodeUsers(link, node, users);
        this.store = store;
        this.whispers = new Whispers(link, node, users);
        beating.set(true); // the heartbeats wait for this first one
        CompletionStage<Void> started = link.pubsub().subscribe(NodeKeys.channel(node))
                .thenCompose(subscribed -> eviction.evict(node))
                .thenCompose(evicted -> beat()) // the next heartbeat subscribes, should this fail
                .whenComplete((done, failure) -> beating.set(false));
        long beat = timing.heartbeat().toMillis();
        long reap = timing.reap().toMillis();
        timer.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::reap, reap, reap, TimeUnit.MILLISECONDS);
        return started;
    }

    /**
     * This node has (or is about to have) members in {@code room}: it is added to the node's rooms set. (A
     * registration made again also adds the rooms of every {@link RoomStore.Member#rooms()} here.)
     */
    public CompletionStage<Void> roomJoined(String room) {
        synchronized (writes) {
            rooms.add(room);
            return link.call(c -> c.sadd(NodeKeys.rooms(node), room)).thenApply(added -> null);
        }
    }

    /** This node's last member of {@code room} has left it. */
    public CompletionStage<Void> roomLeft(String room) {
        synchronized (writes) {
            rooms.remove(room);
            return link.call(c -> c.srem(NodeKeys.rooms(node), room)).thenApply(removed -> null);
        }
    }

    /**
     * A session of {@code user} opened or closed here (call once {@link RoomStore.LocalUsers} shows it): its hash
     * {@code parley:user:{U}} gets this node's count of the user's sessions now, or loses this node's field at 0.
     * Without this call the next heartbeat finds the change (whispers from other nodes reach a new session a
     * heartbeat late).
     */
    public CompletionStage<?> userChanged(String user) {
        NodeUsers registered = nodeUsers;
        return registered == null ? CompletableFuture.completedFuture(null) : registered.changed(user);
    }

    /**
     * Sends the whisper {@code frame} to every session of {@code to}: this node's at once, other nodes' through their
     * channels. Completes false if the user has no session anywhere; with {@link RedisUnavailable} if Redis did not
     * answer and no session here got it.
     */
    @Override
    public CompletionStage<Boolean> whisper(String to, OutboundMessage frame) {
        Whispers out = whispers;
        return out != null ? out.send(to, frame)
                : CompletableFuture.failedFuture(new IllegalStateException("NodeRegistry.whisper before start"));
    }

    /**
     * A message from the link's pub/sub connection (whose one listener is the room store's: it passes on what is
     * not a room's channel). On Lettuce's event loop; never blocks.
     *
     * @return whether it was this node's channel (a whisper for its sessions)
     */
    public boolean received(String channel, String message) {
        Whispers in = whispers;
        if (in == null || !channel.equals(NodeKeys.channel(node))) {
            return false;
        }
        in.received(message);
        return true;
    }

    /** Stops beating and reaping, and evicts this node (its users' leaves are announced in its rooms). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        NodeUsers registered = nodeUsers;
        if (registered != null) {
            registered.close(); // a heartbeat under way writes no user back
        }
        link.pubsub().unsubscribe(NodeKeys.channel(node));
        try {
            // past the expiry another node's reaper would evict it anyway
            long left = eviction.evict(node).toCompletableFuture()
                    .get(timing.expiry().toMillis(), TimeUnit.MILLISECONDS);
            LOG.info(() -> "event=redis-node-deregistered node=" + node + " leaves=" + left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warning(() -> "event=redis-node-deregister-failed node=" + node + " error=\"" + e + "\"");
        }
    }

    /** One heartbeat, unless the last is still under way (Redis slow). */
    private void heartbeat() {
        if (!closed && beating.compareAndSet(false, true)) {
            beat().whenComplete((done, failure) -> {
                beating.set(false);
                if (failure != null) {
                    LOG.fine(() -> "event=redis-node-heartbeat-failed node=" + node + " error=\"" + failure + "\"");
                }
            });
        }
    }

    /** Sets the alive key and the score; registers again if the key was gone; writes what failed before. */
    private CompletionStage<Void> beat() {
        SetArgs expiry = SetArgs.Builder.px(timing.expiry().toMillis());
        String channel = NodeKeys.channel(node);
        CompletionStage<Void> subscribed = link.pubsub().channels().contains(channel)
                ? CompletableFuture.completedFuture(null) : link.pubsub().subscribe(channel); // start's failed
        return subscribed.thenCompose(listening -> link.call(c -> c.setGet(NodeKeys.alive(node), runInfo, expiry)))
                .thenCompose(previous -> link.call(c -> c.zadd(NodeKeys.NODES, clock.millis(), node))
                        .thenCompose(scored -> {
                            if (closed) {
                                return CompletableFuture.<Void>completedFuture(null);
                            }
                            if (previous == null || incomplete || restarted()) {
                                return register();
                            }
                            if (!previous.equals(runInfo)) {
                                LOG.warning(() -> "event=redis-node-id-shared node=" + node + " other=\"" + previous
                                        + "\"");
                            }
                            return nodeUsers.reconcile();
                        }));
    }

    /**
     * Whether Redis restarted since this node registered: with persistence it may have come back with the alive key
     * and the rest as they were at its last save, not as they are.
     */
    private boolean restarted() {
        String now = link.runId();
        if (now.isEmpty() || !registered) {
            return false;
        }
        if (registeredIn.isEmpty()) { // the link learnt it after this node registered
            registeredIn = now;
            return false;
        }
        return !now.equals(registeredIn);
    }

    /** The node's registration was missing: its rooms, its users and (not the first time) the store's presence. */
    private CompletionStage<Void> register() {
        boolean again = registered;
        Set<String> known = new HashSet<>(rooms); // what the store told, and what its members are in or joining
        nodeUsers.members().forEach(member -> known.addAll(member.rooms()));
        List<String> joined = List.copyOf(known);
        nodeUsers.lost();
        CompletionStage<?> added = joined.isEmpty() ? CompletableFuture.completedFuture(0L)
                : link.call(c -> c.sadd(NodeKeys.rooms(node), joined.toArray(String[]::new)));
        return added.thenCompose(roomsAdded -> nodeUsers.reconcile())
                .thenCompose(usersWritten -> again ? store.reregister() : CompletableFuture.completedFuture(null))
                .thenRun(() -> {
                    registered = true;
                    registeredIn = link.runId(); // the link may learn a new one later: this runs again then
                    if (again) {
                        LOG.info(() -> "event=redis-node-reregistered node=" + node + " rooms=" + joined.size()
                                + " users=" + nodeUsers.size());
                    }
                }).whenComplete((done, failure) -> incomplete = failure != null);
    }

    private void reap() {
        if (!closed) {
            reaper.reap().whenComplete((dead, failure) -> {
                if (failure != null) {
                    LOG.fine(() -> "event=redis-reap-failed node=" + node + " error=\"" + failure + "\"");
                }
            });
        }
    }
}

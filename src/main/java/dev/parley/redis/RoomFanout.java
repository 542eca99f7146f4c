package dev.parley.redis;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import dev.parley.chat.RoomStore.Member;
import dev.parley.session.OutboundMessage;

/**
 * This node's rooms and their delivery. One pub/sub listener for every room channel (and the node's own, passed to
 * {@link NodeRegistry#received}); it never blocks: each payload
 * goes to one of {@link #DISPATCHERS} single-thread dispatchers chosen by the room (so a room's events stay in
 * order), each with a bounded queue; a full queue drops the event, counts it and marks the room, whose feed then
 * repairs from the log. A room's channel is subscribed when its first local member starts joining (the join script
 * waits for the confirmation) and unsubscribed when its last one left. After a pub/sub reconnect every room repairs
 * to the log's end.
 */
final class RoomFanout implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RoomFanout.class.getName());
    static final int DISPATCHERS = 4;
    static final int QUEUE = 4096;
    /** The close code of a room's sessions when the room was reset (docs/protocol.md): reconnect and rejoin. */
    static final int RESET_CODE = 4410;
    static final String RESET_REASON = "room_reset";

    private final RedisLink link;
    private final RoomReads reads;
    private final int fetchCount;
    private final Map<String, LocalRoom> rooms = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor[] dispatchers = new ThreadPoolExecutor[DISPATCHERS];
    /** Where answers from Redis are taken on (not Lettuce's event loop) and sessions closed. */
    private final ExecutorService control;
    /** This node in Redis: its rooms set, and the channels that are not a room's (its whispers). */
    private final NodeRegistry nodes;

    RoomFanout(RedisLink link, NodeRegistry nodes, int historySize, int queue, ExecutorService control) {
        this.link = link;
        this.nodes = nodes;
        this.reads = new RoomReads(link);
        this.fetchCount = historySize + 1;
        this.control = control;
        for (int i = 0; i < DISPATCHERS; i++) {
            dispatchers[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
                    RedisRoomStore.daemon("parley-redis-rooms-" + i));
        }
        link.pubsub().listener(this::received);
        link.pubsub().onReconnect(this::repairAll);
    }

    /** The room if it has members (or joiners) here. */
    LocalRoom get(String room) {
        return rooms.get(room);
    }

    Collection<LocalRoom> all() {
        return rooms.values();
    }

    /** One more member in or joining {@code room}: the first subscribes to its channel. */
    LocalRoom enter(String room) {
        return rooms.compute(room, (name, existing) -> {
            LocalRoom local = existing;
            if (local == null) {
                RoomKeys keys = RoomKeys.of(name);
                FeedOut out = new FeedOut(keys);
                local = new LocalRoom(keys, new RoomFeed<>(out, Member::user), control);
                out.feed = local.feed;
                local.subscribed = link.pubsub().subscribe(keys.channel());
                nodes.roomJoined(name).exceptionally(failure -> null); // before its join script (one connection)
            }
            local.users++;
            return local;
        });
    }

    /** One member fewer in {@code room}: the last unsubscribes. */
    void exit(String room) {
        rooms.computeIfPresent(room, (name, local) -> {
            if (--local.users > 0) {
                return local;
            }
            link.pubsub().unsubscribe(local.keys.channel()).exceptionally(failure -> null);
            nodes.roomLeft(name).exceptionally(failure -> null);
            return null;
        });
    }

    /** Every room repairs to its log's end (the channel reconnected: what was published meanwhile is lost). */
    void repairAll() {
        rooms.values().forEach(local -> local.feed.behind());
    }

    /** Rooms whose events were dropped repair now (if no later event of theirs made them yet). */
    void repairLost() {
        rooms.values().forEach(LocalRoom::repairIfLost);
    }

    /**
     * The pub/sub listener, on Lettuce's event loop: hands the payload on, never waits. A channel that is no room's is
     * the node's own (whispers from other nodes): the registry's.
     */
    private void received(String channel, String payload) {
        String room = RoomKeys.roomOf(channel);
        if (room == null) {
            nodes.received(channel, payload);
            return;
        }
        LocalRoom local = rooms.get(room);
        if (local == null) {
            return;
        }
        try {
            dispatchers[Math.floorMod(room.hashCode(), DISPATCHERS)].execute(() -> {
                local.repairIfLost();
                RoomEvent event = RoomEvent.parse(payload);
                if (event != null) {
                    local.feed.event(event);
                }
            });
        } catch (RejectedExecutionException full) {
            local.lost.set(true);
            link.metrics().redisDropped(1);
        }
    }

    /** What a room's feed asks of this node: frames to member queues, closes and fetches on the control threads. */
    private final class FeedOut implements RoomFeed.Out<Member> {
        private final RoomKeys keys;
        private RoomFeed<Member> feed;

        FeedOut(RoomKeys keys) {
            this.keys = keys;
        }

        @Override
        public void send(Collection<Member> to, String frame) {
            if (!to.isEmpty()) {
                OutboundMessage message = OutboundMessage.text(frame);
                for (Member member : to) {
                    member.send(message);
                }
            }
        }

        @Override
        public void close(Member member) {
            LOG.info(() -> "event=room-reset room=" + keys.room() + " session=" + member.id());
            control.execute(() -> member.close(RESET_CODE, RESET_REASON));
        }

        @Override
        public void fetch(long fetch, long after, long upTo) {
            reads.read(keys, after + 1, upTo, fetchCount).whenCompleteAsync((snapshot, failure) -> {
                if (failure != null) {
                    feed.fetchFailed(fetch);
                    return;
                }
                link.metrics().redisRepaired(snapshot.messages().size());
                feed.repaired(fetch, snapshot.epoch(), snapshot.last(), snapshot.messages());
            }, control);
        }
    }

    @Override
    public void close() {
        for (ThreadPoolExecutor dispatcher : dispatchers) {
            dispatcher.shutdownNow();
        }
        rooms.clear();
    }
}

package dev.parley.redis;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Removes a node from Redis: from the presence of every room it had members in (the room side's evict script,
 * {@link RoomScripts#evict}, per room: its {@code user|node} entries go, the users whose last session it held are
 * announced as left on the room's channel), from every user's hash, then its own keys. The reaper runs it for a dead
 * node; a node runs it for itself when it stops, and at start for what an earlier run under its id left. Idempotent.
 *
 * <p>The alive key goes last: a node that comes back while it is being evicted (a partition healed) finds its key
 * gone at its next heartbeat and registers again, after the eviction, instead of being half-removed.
 */
final class NodeEviction {
    private final RedisLink link;
    private final RoomScripts scripts;

    NodeEviction(RedisLink link) {
        this.link = link;
        this.scripts = new RoomScripts(link);
    }

    /** Evicts {@code node}; completes with the number of presence leaves announced. */
    CompletionStage<Long> evict(String node) {
        AtomicLong left = new AtomicLong();
        return link.call(c -> c.smembers(NodeKeys.rooms(node)))
                .thenCompose(rooms -> Batches.each(rooms, room -> room(room, node).thenAccept(left::addAndGet)))
                .thenCompose(done -> link.call(c -> c.smembers(NodeKeys.users(node))))
                .thenCompose(users -> Batches.each(users, user -> link.call(c -> c.hdel(NodeKeys.user(user), node))))
                .thenCompose(done -> link.call(c -> c.del(NodeKeys.rooms(node), NodeKeys.users(node))))
                .thenCompose(done -> link.call(c -> c.del(NodeKeys.alive(node))))
                .thenCompose(done -> link.call(c -> c.zrem(NodeKeys.NODES, node)))
                .thenApply(done -> left.get());
    }

    /** Evicts {@code node} from room {@code room}'s presence: how many users left (a leave went out for each). */
    CompletionStage<Long> room(String room, String node) {
        return scripts.evict(room, node);
    }
}

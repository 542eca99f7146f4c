package dev.parley.redis;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import dev.parley.chat.RoomStore;

/**
 * Which users have sessions on this node, in Redis: each such user's hash {@code parley:user:{U}} holds this node's
 * count of the user's sessions (node → count; whispers go where a count is), and the node's set
 * {@code parley:node:{N}:users} names the user (so the node's eviction finds the hashes). The count written is the
 * value {@link RoomStore.LocalUsers} shows, not an increment: a write that failed, or that Redis lost, is simply
 * written again at the next {@link #reconcile}. Thread-safe.
 */
final class NodeUsers {
    private static final int UNKNOWN = -1;

    private final RedisLink link;
    private final String node;
    private final RoomStore.LocalUsers users;
    /** User → the count of its sessions here last written to its hash ({@link #UNKNOWN} if that write failed). */
    private final Map<String, Integer> written = new ConcurrentHashMap<>();
    private volatile boolean closed;

    NodeUsers(RedisLink link, String node, RoomStore.LocalUsers users) {
        this.link = link;
        this.node = node;
        this.users = users;
    }

    /**
     * Writes {@code user}'s count here if it is not what was written last; completes when written, or failed (then
     * the next reconcile writes it). Writes go out in the order their counts were read (one connection: in order).
     */
    CompletionStage<?> changed(String user) {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        CompletionStage<?> sent;
        synchronized (written) {
            int sessions = users.sessionsOf(user).size();
            if (written.getOrDefault(user, 0) == sessions) {
                return CompletableFuture.completedFuture(null);
            }
            if (sessions > 0) {
                written.put(user, sessions);
                sent = both(link.call(c -> c.hset(NodeKeys.user(user), node, Integer.toString(sessions))),
                        link.call(c -> c.sadd(NodeKeys.users(node), user)));
            } else {
                written.remove(user);
                sent = both(link.call(c -> c.hdel(NodeKeys.user(user), node)),
                        link.call(c -> c.srem(NodeKeys.users(node), user)));
            }
        }
        return sent.handle((done, failure) -> {
            if (failure != null) {
                written.put(user, UNKNOWN);
            }
            return null;
        });
    }

    /** Redis may have lost every count (the node's registration was gone): all are written again. */
    void lost() {
        written.replaceAll((user, sessions) -> UNKNOWN);
    }

    /** Writes every user whose count here differs from what was written last (or failed), a batch at a time. */
    CompletionStage<Void> reconcile() {
        Map<String, Integer> sessions = new HashMap<>();
        users.all().forEach(member -> sessions.merge(member.user(), 1, Integer::sum));
        Set<String> changed = new HashSet<>(written.keySet());
        changed.removeIf(user -> sessions.containsKey(user) && sessions.get(user).equals(written.get(user)));
        sessions.forEach((user, count) -> {
            if (!count.equals(written.get(user))) {
                changed.add(user);
            }
        });
        return Batches.each(changed, this::changed);
    }

    /** This node's sessions now. */
    Collection<? extends RoomStore.Member> members() {
        return users.all();
    }

    /** Users with sessions here, as last written. */
    int size() {
        return written.size();
    }

    /** No more writes: the node is being evicted. */
    void close() {
        closed = true;
    }

    private static CompletionStage<?> both(CompletionStage<?> first, CompletionStage<?> second) {
        return CompletableFuture.allOf(first.toCompletableFuture(), second.toCompletableFuture());
    }
}

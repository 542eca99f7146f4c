package dev.parley.chat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is connected as whom: each user's sessions (whispers go to all of them). In open mode a name is held by one
 * session at a time (issue 12: "anyone can be anyone"); the claim is one atomic step on the map, so of two sessions
 * racing for a name exactly one gets it. In auth mode the token is the identity and a user may hold several. The
 * {@link RoomStore.LocalUsers} of the chat's store.
 */
final class ChatUsers implements RoomStore.LocalUsers {
    private final Map<String, Set<ChatSession>> users = new ConcurrentHashMap<>();
    private final boolean shared;

    /** @param shared whether one user may hold several sessions (auth mode) */
    ChatUsers(boolean shared) {
        this.shared = shared;
    }

    /** Registers {@code chat} as a session of its user; false (nothing registered) if the name is held and not shared. */
    boolean claim(ChatSession chat) {
        boolean[] claimed = {false};
        users.compute(chat.user, (user, held) -> {
            if (held != null && !held.isEmpty() && !shared) {
                return held;
            }
            Set<ChatSession> sessions = held == null ? ConcurrentHashMap.newKeySet() : held;
            sessions.add(chat);
            claimed[0] = true;
            return sessions;
        });
        return claimed[0];
    }

    /** Forgets {@code chat}; the name is free again once its last session is released. */
    void release(ChatSession chat) {
        users.computeIfPresent(chat.user, (user, held) -> {
            held.remove(chat);
            return held.isEmpty() ? null : held;
        });
    }

    /** The user's sessions now (empty if none). */
    @Override
    public Set<ChatSession> sessionsOf(String user) {
        Set<ChatSession> held = users.get(user);
        return held == null ? Set.of() : held;
    }

    /** Every session now. */
    @Override
    public List<ChatSession> all() {
        return users.values().stream().flatMap(Set::stream).toList();
    }

    boolean connected(String user) {
        return !sessionsOf(user).isEmpty();
    }
}

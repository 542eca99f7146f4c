package dev.parley.socketio;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rooms of one namespace in this server's memory: room name to its sockets. Thread-safe: a room is created by
 * its first join and removed with its last leave atomically ({@link ConcurrentHashMap#compute}), so a join racing the
 * last leave never lands in a room that was just dropped.
 */
final class Rooms {
    private final Map<String, Set<SioSocket>> rooms = new ConcurrentHashMap<>();

    void join(String room, SioSocket socket) {
        rooms.compute(room, (name, members) -> {
            Set<SioSocket> set = members == null ? ConcurrentHashMap.newKeySet() : members;
            set.add(socket);
            return set;
        });
    }

    void leave(String room, SioSocket socket) {
        rooms.computeIfPresent(room, (name, members) -> {
            members.remove(socket);
            return members.isEmpty() ? null : members;
        });
    }

    /** The members of {@code room} now (empty if it does not exist). */
    Set<SioSocket> members(String room) {
        Set<SioSocket> members = rooms.get(room);
        return members == null ? Set.of() : Set.copyOf(members);
    }

    /**
     * The sockets in any of {@code to} (all {@code everyone} when {@code to} is empty) and in none of {@code except},
     * each once.
     */
    List<SioSocket> select(Collection<String> to, Collection<String> except, Collection<SioSocket> everyone) {
        Set<SioSocket> chosen = new LinkedHashSet<>();
        if (to.isEmpty()) {
            chosen.addAll(everyone);
        } else {
            to.forEach(room -> chosen.addAll(members(room)));
        }
        except.forEach(room -> chosen.removeAll(members(room)));
        return new ArrayList<>(chosen);
    }

    /** The names of the rooms, for the tests and diagnostics. */
    Set<String> names() {
        return Set.copyOf(rooms.keySet());
    }
}

package dev.parley.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.parley.chat.RoomStore;
import dev.parley.session.OutboundMessage;

/**
 * One node's connected sessions for tests of the Redis store without a chat: {@link RoomStore.LocalUsers} over
 * {@link Session}s that keep what they were sent. Thread-safe: frames arrive on Lettuce's threads.
 */
final class LocalSessions implements RoomStore.LocalUsers {
    /** A session of {@code user}: keeps the texts it was sent, in order. */
    static final class Session implements RoomStore.Member {
        private final String id;
        private final String user;
        private final List<String> sent = new CopyOnWriteArrayList<>();
        private final Set<String> rooms = ConcurrentHashMap.newKeySet();
        private volatile boolean closed;

        Session(String id, String user) {
            this.id = id;
            this.user = user;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String user() {
            return user;
        }

        @Override
        public String address() {
            return "127.0.0.1";
        }

        @Override
        public void send(OutboundMessage message) {
            sent.add(message.text());
        }

        @Override
        public void close(int code, String reason) {
            closed = true;
        }

        @Override
        public Set<String> rooms() {
            return rooms;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        /** The texts sent to this session so far. */
        List<String> sent() {
            return List.copyOf(sent);
        }
    }

    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private int next;

    /** A new session of {@code user}. */
    synchronized Session open(String user) {
        Session session = new Session("s" + ++next, user);
        sessions.add(session);
        return session;
    }

    void close(Session session) {
        sessions.remove(session);
    }

    @Override
    public Collection<? extends RoomStore.Member> sessionsOf(String user) {
        List<Session> of = new ArrayList<>();
        sessions.forEach(session -> {
            if (session.user().equals(user)) {
                of.add(session);
            }
        });
        return of;
    }

    @Override
    public Collection<? extends RoomStore.Member> all() {
        return List.copyOf(sessions);
    }
}

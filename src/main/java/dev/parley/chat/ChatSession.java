package dev.parley.chat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.websocket.Session;

/** What the chat keeps per connection: who it is, its rooms, its rate budget and its ping state. */
final class ChatSession {
    final Session session;
    final String user;
    final Set<String> rooms = ConcurrentHashMap.newKeySet();
    final TokenBucket bucket;
    /** Messages refused in a row for the rate limit (read thread only). */
    int refusedInARow;
    /** When the outstanding ping went out (nanos), or 0 when none is outstanding. */
    volatile long pingSentAt;
    /** When the last ping went out, or the session opened (nanos). */
    volatile long lastPingAt;

    ChatSession(Session session, String user, TokenBucket bucket, long now) {
        this.session = session;
        this.user = user;
        this.bucket = bucket;
        this.lastPingAt = now;
    }
}

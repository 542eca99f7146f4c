package dev.parley.chat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.websocket.Session;

/** What the chat keeps per connection: who it is, from where, its rooms, and its rate budget. */
final class ChatSession {
    final Session session;
    final String user;
    /** The remote address the connection came from (rooms it creates are charged to it). */
    final String address;
    /** The rooms it has joined, or is joining: a name is added before the join and removed after the leave. */
    final Set<String> rooms = ConcurrentHashMap.newKeySet();
    final TokenBucket bucket;
    /** Set once the connection has closed, before it leaves its rooms; a join that sees it leaves again. */
    volatile boolean closed;
    /** Joins refused for the room budgets (read thread only): the first is logged. */
    int roomRefusals;
    /** Messages refused in a row for the rate limit (read thread only). */
    int refusedInARow;

    ChatSession(Session session, String user, String address, TokenBucket bucket) {
        this.session = session;
        this.user = user;
        this.address = address;
        this.bucket = bucket;
    }
}

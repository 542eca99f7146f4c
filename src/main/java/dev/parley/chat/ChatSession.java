package dev.parley.chat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.parley.session.OutboundMessage;

/**
 * What the chat keeps per connection: who it is, from where, its rooms, its rate budget, its {@link RequestQueue},
 * and the {@link Link} it is reached through. No container type: the chat core runs on these alone. A
 * {@link RoomStore.Member} of the rooms.
 */
final class ChatSession implements RoomStore.Member {
    /** The chat's hold on one connection: its {@link ChatDelivery} bound to it. */
    interface Link {
        /** The connection's id (the WebSocket session's), for the welcome and the logs. */
        String id();

        /** {@link ChatDelivery#carrier}. */
        default String carrier() {
            return id();
        }

        /** Hands a message to the connection's bounded outbound queue; never blocks. */
        void send(OutboundMessage message);

        /** Closes the connection with {@code code} and {@code reason}; one closed already is no error. */
        void close(int code, String reason);
    }

    final Link link;
    final String user;
    /** The remote address the connection came from (rooms it creates are charged to it). */
    final String address;
    /** The rooms it has joined, or is joining: a name is added before the join and removed after the leave. */
    final Set<String> rooms = ConcurrentHashMap.newKeySet();
    final TokenBucket bucket;
    /** Its requests, carried out one at a time in the order they came. */
    final RequestQueue requests;
    /** Set once the connection has closed, before it leaves its rooms; a join that sees it leaves again. */
    volatile boolean closed;
    /** Joins refused for the room budgets (by its requests, one at a time): the first is logged. */
    int roomRefusals;
    /** When its last typing event was passed on ({@link Typing}; its requests, one at a time), or null. */
    volatile Long typedAt;
    /** Messages refused in a row for the rate limit (read thread only). */
    int refusedInARow;

    /** {@code link} may be null where nothing is sent to the session (tests of the rooms alone). */
    ChatSession(Link link, String user, String address, TokenBucket bucket) {
        this(link, user, address, bucket, new RequestQueue.Budget(Long.MAX_VALUE));
    }

    /** Its pending requests count in the server's {@code waiting} budget. */
    ChatSession(Link link, String user, String address, TokenBucket bucket, RequestQueue.Budget waiting) {
        this.link = link;
        this.user = user;
        this.address = address;
        this.bucket = bucket;
        this.requests = new RequestQueue(waiting);
    }

    @Override
    public String id() {
        return link.id();
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public void send(OutboundMessage message) {
        link.send(message);
    }

    @Override
    public void close(int code, String reason) {
        link.close(code, reason);
    }

    @Override
    public Set<String> rooms() {
        return rooms;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }
}

package dev.parley.chat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.json.JsonArrayBuilder;

import dev.parley.session.OutboundMessage;

/**
 * Where the chat's rooms live: their ids and epochs, history, members and presence, and the fan-out of each
 * message to the members. {@link #inMemory} keeps them in this server's memory; a shared store (Redis) can take its
 * place ({@link ChatService}'s constructor takes one) without the endpoint, the publish API or the page knowing.
 * Members are the chat sessions of this server ({@link Member}); frames reach them through {@link Member#send}.
 * Thread-safe.
 *
 * <p>What every store keeps (docs/protocol.md): a room's ids increase by one in the order every member receives
 * them, and a join's answer, its room's presence and messages reach each member in one sequence (the join's
 * acknowledgement is sent by the store, in that sequence).
 *
 * <p>Asynchronous: each request's answer is a {@link CompletionStage}. A store that fails or refuses a request
 * completes the stage exceptionally, never throws: {@link RequestRejected} with its code ({@code not_member},
 * {@code server_full}, ..., {@code unavailable} = the store did not answer in time; retry), which the chat answers
 * as an {@code error} frame and the publish API as an HTTP error; any other exception is answered as
 * {@code unavailable}. The chat carries out one session's requests one at a time, so a store sees at most one
 * request of a member at once. The in-memory store answers with stages already complete, so the chat runs each
 * request to its end on the thread that received it. A stage completed on a store's own thread runs the chat's
 * continuation there (the answer, and the session's next request, which calls the store again): no method of a store
 * may block, and a store whose threads must not run other code (an I/O event loop) completes its stages elsewhere.
 */
public interface RoomStore extends AutoCloseable {
    /** How many rooms one connection may be in: one more is refused {@code too_many_rooms}. */
    int MAX_ROOMS_PER_SESSION = 100;

    /** One chat session of THIS server as a store sees it; {@link ChatSession} implements it. */
    interface Member {
        /** The connection's id (the welcome's {@code session}), for logs. */
        String id();

        String user();

        /** The remote address the connection came from (rooms it creates are charged to it). */
        String address();

        /** Hands {@code message} to the session's bounded outbound queue; never blocks. */
        void send(OutboundMessage message);

        /** Closes the connection; one closed already is no error. */
        void close(int code, String reason);

        /**
         * The rooms it has joined or is joining (a concurrent set, the store's bookkeeping): a name is added before
         * the join and removed after the leave.
         */
        Set<String> rooms();

        /** Set once the connection has closed, before {@link RoomStore#closed}; a join that sees it leaves again. */
        boolean isClosed();
    }

    /** Who is connected here (the chat's users), for stores that deliver whispers arriving from other nodes. */
    interface LocalUsers {
        /** The user's sessions on this server now (empty if none). */
        Collection<? extends Member> sessionsOf(String user);

        /** Every session on this server now. */
        Collection<? extends Member> all();
    }

    /** What joining found: the members (the joiner among them), the room's last id and its epoch. */
    record Joined(List<String> members, long last, String epoch) {
        /** The join's acknowledgement (docs/protocol.md) for request {@code ack} in room {@code room}. */
        public String ack(String room, String ack) {
            JsonArrayBuilder names = ChatJson.array();
            members.forEach(names::add);
            return ChatJson.object("ack").add("ack", ack).add("room", room).add("members", names).add("last", last)
                    .add("epoch", epoch).build().toString();
        }
    }

    /**
     * What a history request found, and where the room stands: its epoch and last id. {@code reset} when the client
     * asked in another epoch (its ids mean nothing here): then no messages, and not complete.
     */
    record History(List<ChatMessage> messages, boolean complete, boolean more, boolean reset, String epoch,
                   long last) {
    }

    /** The rooms in this server's memory, bounded by {@code config}'s room limits and history size. */
    static RoomStore inMemory(ChatConfig config) {
        return new MemoryRoomStore(config.rooms(), config.historySize(), ChatSession::send, System::nanoTime,
                new SecureRandom());
    }

    /** Called once by {@link ChatService}, before any other call: who is connected here. */
    default void start(LocalUsers users) {
    }

    /**
     * A session of this server has opened ({@code member}; its user's name claimed, {@link LocalUsers} shows it):
     * a shared store registers the user on this node at once (a whisper from another node finds it). The chat sends
     * the welcome once the stage completes, however it completes, so a user who has been welcomed can be whispered
     * to from any node. Nothing to do for the in-memory store. Never blocks.
     */
    default CompletionStage<?> opened(Member member) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * {@code member} joins room {@code room}, made if need be (charged to the member's address). With {@code ack}
     * not null the store sends the member the join's acknowledgement ({@link Joined#ack}) IN THE ROOM'S SEQUENCE:
     * after every message and presence the ack's {@code last} and members include, before any they do not.
     * Refusals: {@code too_many_rooms}, {@code server_full}, {@code too_many_new_rooms}, {@code try_again}.
     */
    CompletionStage<Joined> join(Member member, String room, String ack);

    /** {@code member} leaves room {@code room}; false if it was not in. */
    CompletionStage<Boolean> leave(Member member, String room);

    /**
     * The member's connection has closed ({@link Member#isClosed} is true): it leaves every room it is in (and any
     * it is joining now), with presence (the chat does not call this once the server is stopping).
     */
    void closed(Member member);

    /**
     * {@code member} says {@code text} in room {@code room}: the room's next id, kept in its history, sent to every
     * member everywhere, sender included. Completes only after the message was handed to THIS server's members'
     * queues (sender included): "message before ack". Refusal: {@code not_member}.
     */
    CompletionStage<ChatMessage> say(Member member, String room, String text, Instant ts);

    /** Says {@code text} in room {@code room} as {@code from} for the publish API, making the room if need be. */
    CompletionStage<ChatMessage> publish(String room, String from, String text, Instant ts);

    /**
     * Room {@code room}'s history for a member of it, who holds ids of epoch {@code epoch} (null if it did not say):
     * messages above {@code since}, at most {@code limit}. Refusal: {@code not_member}.
     */
    CompletionStage<History> history(Member member, String room, long since, int limit, String epoch);

    /**
     * {@code member} is typing in room {@code room}: {@code frame} (a {@code typing} push) goes to the sessions of the
     * room's OTHER users (not the sender's user), never kept, no id, no order with the room's messages; completes
     * false if the member is not in the room. Best effort: a store may deliver it to fewer (say so in its docs).
     */
    CompletionStage<Boolean> typing(Member member, String room, OutboundMessage frame);

    /** Sends the whisper frame to every session of {@code to} on any node; completes false if the user has none. */
    CompletionStage<Boolean> whisper(String to, OutboundMessage frame);

    /** A new epoch (64 random bits in hex), as rooms get: the chat's own, drawn once at start, is one too. */
    String newEpoch();

    /** Removes what has been idle long enough; called a few times per idle timeout. */
    void sweep();

    /** Rooms open now (on this server, for a shared store). */
    int size();

    /** History bytes kept on this server's heap now. */
    long historyBytes();

    /** Lets go of what the store holds (connections, threads); called once, when the chat closes. */
    @Override
    void close();
}

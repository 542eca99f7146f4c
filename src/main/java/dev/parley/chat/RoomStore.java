package dev.parley.chat;

import java.time.Instant;
import java.util.List;

import jakarta.json.JsonArrayBuilder;

import dev.parley.session.OutboundMessage;

/**
 * Where the chat's rooms live: their ids and epochs, history, members and presence, and the fan-out of each
 * message to the members. {@link MemoryRoomStore} keeps them in this server's memory; a shared store (Redis) can take
 * its place without the endpoint, the publish API or the page knowing. Members are the {@link ChatSession}s of this
 * server; frames reach them through the store's {@link Delivery}. Thread-safe.
 *
 * <p>What every store keeps (docs/protocol.md): a room's ids increase by one in the order every member receives
 * them, and a join's answer, its room's presence and messages reach each member in one sequence (the join's
 * acknowledgement is sent by the store, in that sequence).
 */
interface RoomStore {
    /** Hands a message to a member's outbound queue (the same message to every member: encoded once). */
    interface Delivery {
        void send(ChatSession member, OutboundMessage message);
    }

    /** What joining found: the members (the joiner among them), the room's last id and its epoch. */
    record Joined(List<String> members, long last, String epoch) {
        /** The join's acknowledgement (docs/protocol.md) for request {@code ack} in room {@code room}. */
        String ack(String room, String ack) {
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

    /**
     * {@code member} joins room {@code name}, made if need be (charged to the member's address). With an {@code ack}
     * id the store sends the member its acknowledgement, in the room's sequence.
     *
     * @throws RequestRejected {@code too_many_rooms}, {@code server_full}, {@code too_many_new_rooms} or
     *                         {@code try_again}
     */
    Joined join(ChatSession member, String name, String ack);

    /** {@code member} leaves room {@code name}; false if it was not in. */
    boolean leave(ChatSession member, String name);

    /** The member's connection has closed: it leaves every room it is in (and any it is joining now). */
    void closed(ChatSession member);

    /**
     * {@code member} says {@code text} in room {@code name}: the room's next id, kept in its history, sent to every
     * member, sender included.
     *
     * @throws RequestRejected {@code not_member}
     */
    ChatMessage say(ChatSession member, String name, String text, Instant ts);

    /** Says {@code text} in room {@code name} as {@code from} for the publish API, making the room if need be. */
    ChatMessage publish(String name, String from, String text, Instant ts);

    /**
     * Room {@code name}'s history for a member of it, who holds ids of epoch {@code epoch} (null if it did not say).
     *
     * @throws RequestRejected {@code not_member}
     */
    History history(ChatSession member, String name, long since, int limit, String epoch);

    /** A new epoch (64 random bits in hex), as rooms get: the chat's own, drawn once at start, is one too. */
    String newEpoch();

    /** Removes what has been idle long enough; called a few times per idle timeout. */
    void sweep();

    /** Rooms open now. */
    int size();

    /** History bytes all rooms keep now (on this server's heap). */
    long historyBytes();
}

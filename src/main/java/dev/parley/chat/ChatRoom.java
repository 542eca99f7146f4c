package dev.parley.chat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.parley.session.OutboundMessage;

/**
 * A room: who is in it (per user, each with one or more sessions), the sequence of its messages, and the newest of
 * them, at most {@code historySize} messages and {@code historyBytes} bytes ({@link ChatMessage#heapBytes()}), each
 * change reported to the server's {@link HistoryBudget}. Thread-safe: every change happens under the room's lock,
 * and so does the hand-off of the resulting frames to the members' outbound queues (which never block), so every
 * member sees a room's join answer, messages and presence in one order, with ids increasing by one. Issue 12: "the
 * join answer (members, last id) and every presence and message event are produced in one sequence, so a client's
 * view after applying them in order always equals the room's true membership".
 *
 * <p>The room's {@link #epoch} names its id sequence: a random tag fixed when the room is made, so a client that
 * holds ids of an earlier sequence (the server restarted, or the room was removed and made anew) can tell.
 *
 * <p>A room with no members is closed once it has no history or has been idle long enough ({@link #closeIfIdle});
 * a closed room takes no one and nothing more (its join and say answer null), and the registry makes a new one.
 */
final class ChatRoom {
    private final String name;
    private final String epoch;
    private final int historySize;
    private final long historyBytes;
    private final MemoryRoomStore.Delivery delivery;
    private final HistoryBudget<ChatRoom> budget;
    private final Map<String, Set<ChatSession>> members = new LinkedHashMap<>();
    /** Every member's sessions in one array, as {@link #say} hands a message to each; null after a change. */
    private ChatSession[] everyone;
    /** A linked list, not an array deque: an array keeps the capacity of the room's busiest moment for good. */
    private final Deque<ChatMessage> history = new LinkedList<>();
    private long keptBytes;
    private long lastId;
    /** When the room last had a message or its last member left (nanos): where its idle time starts. */
    private long activeAt;
    private volatile boolean closed;

    ChatRoom(String name, String epoch, int historySize, long historyBytes, MemoryRoomStore.Delivery delivery,
             HistoryBudget<ChatRoom> budget, long now) {
        this.name = name;
        this.epoch = epoch;
        this.historySize = historySize;
        this.historyBytes = historyBytes;
        this.delivery = delivery;
        this.budget = budget;
        this.activeAt = now;
    }

    String name() {
        return name;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Adds the member; the first session of a user announces the user to the others. With an {@code ack} id the
     * member's acknowledgement goes to its queue here, in the room's sequence: every presence or message the member
     * gets after it is one the acknowledgement's members and last id do not include yet. Null if the room is closed
     * (nothing was sent).
     */
    synchronized RoomStore.Joined join(String user, ChatSession member, String ack) {
        if (closed) {
            return null;
        }
        Set<ChatSession> sessions = members.computeIfAbsent(user, u -> new HashSet<>());
        boolean firstOfUser = sessions.isEmpty();
        if (sessions.add(member)) {
            everyone = null;
        }
        if (firstOfUser) {
            sendToOthers(user, presence(user, "join"));
        }
        RoomStore.Joined joined = new RoomStore.Joined(List.copyOf(members.keySet()), lastId, epoch);
        if (ack != null) {
            delivery.send(member, OutboundMessage.text(joined.ack(name, ack)));
        }
        return joined;
    }

    /** Removes the member; the last session of a user announces that the user left. False if it was not in. */
    synchronized boolean leave(String user, ChatSession member, long now) {
        Set<ChatSession> sessions = members.get(user);
        if (sessions == null || !sessions.remove(member)) {
            return false;
        }
        everyone = null;
        if (sessions.isEmpty()) {
            members.remove(user);
            sendToOthers(user, presence(user, "leave"));
        }
        if (members.isEmpty()) {
            activeAt = now;
        }
        return true;
    }

    synchronized boolean isMember(String user, ChatSession member) {
        Set<ChatSession> sessions = members.get(user);
        return sessions != null && sessions.contains(member);
    }

    /**
     * Gives the message the next id, keeps it in the history (dropping the oldest beyond the room's bounds), and
     * sends it to every member, sender included. Null if the room is closed.
     */
    synchronized ChatMessage say(String from, String text, Instant ts, long now) {
        if (closed) {
            return null;
        }
        ChatMessage message = new ChatMessage(name, ++lastId, from, text, ts);
        history.addLast(message);
        long added = message.heapBytes();
        keptBytes += added;
        budget.changed(this, added);
        while (history.size() > historySize || keptBytes > historyBytes) {
            dropOldestLocked();
        }
        activeAt = now;
        OutboundMessage json = OutboundMessage.text(message.toJson().toString());
        for (ChatSession member : everyone()) {
            delivery.send(member, json);
        }
        return message;
    }

    /** {@link #everyone}, made anew after a join or leave: the room's sessions in the members' order. */
    private ChatSession[] everyone() {
        ChatSession[] all = everyone;
        if (all == null) {
            List<ChatSession> sessions = new ArrayList<>();
            members.values().forEach(sessions::addAll);
            all = everyone = sessions.toArray(ChatSession[]::new);
        }
        return all;
    }

    /** Hands {@code frame} to the sessions of every member but {@code user}, keeping nothing; false if closed. */
    synchronized boolean typing(String user, OutboundMessage frame) {
        if (closed) {
            return false;
        }
        members.forEach((member, sessions) -> {
            if (!member.equals(user)) {
                for (ChatSession session : sessions) {
                    delivery.send(session, frame);
                }
            }
        });
        return true;
    }

    /** Drops the oldest kept message (for the server's history budget); false if none is kept. */
    synchronized boolean dropOldest() {
        if (history.isEmpty()) {
            return false;
        }
        dropOldestLocked();
        return true;
    }

    private void dropOldestLocked() {
        long freed = history.removeFirst().heapBytes();
        keptBytes -= freed;
        budget.changed(this, -freed);
    }

    /**
     * Messages with an id above {@code since}, oldest first, at most {@code limit}. Not complete when messages after
     * {@code since} are no longer kept, or when {@code since} is beyond the room's last id (the room was removed and
     * made anew, so its ids started again from 1); {@code more} when the limit cut it short. A {@code clientEpoch}
     * (null when the client sent none) other than the room's is a {@code reset}: no messages, not complete.
     */
    synchronized RoomStore.History history(long since, int limit, String clientEpoch) {
        if (clientEpoch != null && !clientEpoch.equals(epoch)) {
            return new RoomStore.History(List.of(), false, false, true, epoch, lastId);
        }
        long oldestKept = history.isEmpty() ? lastId + 1 : history.peekFirst().id();
        boolean complete = since >= oldestKept - 1 && since <= lastId;
        List<ChatMessage> found = new ArrayList<>();
        for (ChatMessage message : history) {
            if (message.id() > since) {
                if (found.size() == limit) {
                    return new RoomStore.History(found, complete, true, false, epoch, lastId);
                }
                found.add(message);
            }
        }
        return new RoomStore.History(found, complete, false, false, epoch, lastId);
    }

    /**
     * Closes the room if nobody is in it and it has kept no history, or has been idle for {@code idleNanos}; its
     * history is released from the budget. True if this call closed it (the caller then forgets it).
     */
    synchronized boolean closeIfIdle(long now, long idleNanos) {
        if (closed || !members.isEmpty() || !history.isEmpty() && now - activeAt < idleNanos) {
            return false;
        }
        closed = true;
        budget.changed(this, -keptBytes);
        keptBytes = 0;
        history.clear();
        return true;
    }

    synchronized long keptBytes() {
        return keptBytes;
    }

    private void sendToOthers(String user, String text) {
        OutboundMessage json = OutboundMessage.text(text);
        members.forEach((member, sessions) -> {
            if (!member.equals(user)) {
                for (ChatSession session : sessions) {
                    delivery.send(session, json);
                }
            }
        });
    }

    private String presence(String user, String event) {
        return ChatJson.object("presence").add("room", name).add("user", user).add("event", event).build().toString();
    }
}

package dev.parley.chat;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.json.Json;
import jakarta.websocket.Session;

import dev.parley.session.OutboundMessage;

/**
 * A room: who is in it (per user, each with one or more sessions), the sequence of its messages, and the last
 * {@code historySize} of them. Thread-safe: every change happens under the room's lock, and so does the hand-off
 * of the resulting frames to the members' outbound queues (which never block), so every member sees a room's
 * messages and presence in one order, with ids increasing by one.
 */
final class ChatRoom {
    /** Hands a message to a session's outbound queue (the same message to every member: encoded once). */
    interface Delivery {
        void send(Session session, OutboundMessage message);
    }

    /** What joining changed. */
    record Joined(List<String> members, long last) {
    }

    /** What a history request found. */
    record History(List<ChatMessage> messages, boolean complete, boolean more) {
    }

    private final String name;
    private final int historySize;
    private final Delivery delivery;
    private final Map<String, Set<Session>> members = new LinkedHashMap<>();
    private final ArrayDeque<ChatMessage> history = new ArrayDeque<>();
    private long lastId;

    ChatRoom(String name, int historySize, Delivery delivery) {
        this.name = name;
        this.historySize = historySize;
        this.delivery = delivery;
    }

    /** Adds the session; the first session of a user announces the user to the others. */
    synchronized Joined join(String user, Session session) {
        Set<Session> sessions = members.computeIfAbsent(user, u -> new HashSet<>());
        boolean firstOfUser = sessions.isEmpty();
        sessions.add(session);
        if (firstOfUser) {
            sendToOthers(user, presence(user, "join"));
        }
        return new Joined(List.copyOf(members.keySet()), lastId);
    }

    /** Removes the session; the last session of a user announces that the user left. False if it was not in. */
    synchronized boolean leave(String user, Session session) {
        Set<Session> sessions = members.get(user);
        if (sessions == null || !sessions.remove(session)) {
            return false;
        }
        if (sessions.isEmpty()) {
            members.remove(user);
            sendToOthers(user, presence(user, "leave"));
        }
        return true;
    }

    synchronized boolean isMember(String user, Session session) {
        Set<Session> sessions = members.get(user);
        return sessions != null && sessions.contains(session);
    }

    /** Gives the message the next id, keeps it in the history, and sends it to every member, sender included. */
    synchronized ChatMessage say(String from, String text, Instant ts) {
        ChatMessage message = new ChatMessage(name, ++lastId, from, text, ts);
        history.addLast(message);
        if (history.size() > historySize) {
            history.removeFirst();
        }
        OutboundMessage json = OutboundMessage.text(message.toJson().toString());
        for (Set<Session> sessions : members.values()) {
            for (Session member : sessions) {
                delivery.send(member, json);
            }
        }
        return message;
    }

    /**
     * Messages with an id above {@code since}, oldest first, at most {@code limit}. Not complete when messages
     * after {@code since} have already dropped out of the kept history; {@code more} when the limit cut it short.
     */
    synchronized History history(long since, int limit) {
        long oldestKept = history.isEmpty() ? lastId + 1 : history.peekFirst().id();
        boolean complete = since >= oldestKept - 1;
        List<ChatMessage> found = new ArrayList<>();
        for (ChatMessage message : history) {
            if (message.id() > since) {
                if (found.size() == limit) {
                    return new History(found, complete, true);
                }
                found.add(message);
            }
        }
        return new History(found, complete, false);
    }

    private void sendToOthers(String user, String text) {
        OutboundMessage json = OutboundMessage.text(text);
        members.forEach((member, sessions) -> {
            if (!member.equals(user)) {
                for (Session session : sessions) {
                    delivery.send(session, json);
                }
            }
        });
    }

    private String presence(String user, String event) {
        return Json.createObjectBuilder().add("type", "presence").add("room", name).add("user", user)
                .add("event", event).build().toString();
    }
}

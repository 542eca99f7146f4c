package dev.parley.chat;

import java.time.Clock;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;

import jakarta.json.JsonObjectBuilder;

import dev.parley.session.OutboundMessage;

/**
 * Who is connected as whom ({@link ChatUsers}), what happens when a session goes (its name is released, it leaves
 * its rooms, presence goes out unless the server is stopping), and {@code whisper}, which goes to a user's sessions
 * through the {@link RoomStore} (a shared store reaches them on every node).
 */
final class Membership {
    private static final Logger LOG = Logger.getLogger(Membership.class.getName());

    private final ChatUsers users;
    private final RoomStore rooms;
    private final Executor chatThread;
    private final Clock clock;
    /** Set when the server begins to stop: sessions closed from then on leave without presence. */
    private volatile boolean stopping;

    /** @param chatThread the chat's own thread, where closed sessions leave their rooms */
    Membership(ChatUsers users, RoomStore rooms, Executor chatThread, Clock clock) {
        this.users = users;
        this.rooms = rooms;
        this.chatThread = chatThread;
        this.clock = clock;
    }

    /** Registers {@code member} under its user; false (nothing registered) if the name is held by another session. */
    boolean claim(ChatSession member) {
        return users.claim(member);
    }

    /** Whether a session of {@code user} is connected now. */
    boolean connected(String user) {
        return users.connected(user);
    }

    /** The member's session has closed: the name is released and it leaves its rooms (presence, unless stopping). */
    void left(ChatSession member) {
        member.closed = true; // before it leaves its rooms: a join of it that is under way sees it and leaves again
        users.release(member);
        if (stopping) { // shutting down: the server goes away for everyone, nobody is told who "left"
            return;
        }
        // A session often closes inside a room's lock: a write to it failed while a room was delivering, and the
        // container ran its @OnClose right there. Leaving its rooms on that thread would take other rooms' locks in
        // another order (a deadlock between two rooms) or change the members of the room being delivered (the
        // members after it lose the message). So the leaves run on the chat's own thread, after the lock is let go.
        try {
            chatThread.execute(() -> rooms.closed(member));
        } catch (RejectedExecutionException stopped) {
            LOG.fine(() -> "chat stopped: " + member.id() + " leaves no rooms");
        }
    }

    /** The server begins to stop: no presence for sessions closed from now on. */
    void shutdown() {
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    /** Sends the whisper to every session of its addressee; {@code no_such_user} if there is none. */
    CompletionStage<JsonObjectBuilder> whisper(ChatSession from, ChatRequest.Whisper whisper) {
        String json = ChatJson.object("whisper").add("from", from.user).add("text", whisper.text())
                .add("ts", clock.instant().toString()).build().toString();
        return rooms.whisper(whisper.to(), OutboundMessage.text(json)).thenApply(sent -> {
            if (!sent) {
                throw new RequestRejected("no_such_user", "\"" + whisper.to() + "\" is not connected");
            }
            return ChatJson.object("ack").add("to", whisper.to());
        });
    }
}

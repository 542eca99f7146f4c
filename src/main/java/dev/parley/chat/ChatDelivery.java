package dev.parley.chat;

import java.util.function.Consumer;

import dev.parley.session.OutboundMessage;

/**
 * How the chat reaches the connections it serves, given to {@link ChatService} rather than looked up: the embedded
 * server and the WAR pass a {@link SessionDelivery} (JSR 356 sessions, each with its bounded outbound queue), the
 * chat's unit tests a recorder. {@code C} is the container's connection type; nothing under the chat's facade sees it.
 */
public interface ChatDelivery<C> {
    /** The connection's id, as the welcome and the logs show it. */
    String id(C connection);

    /**
     * The id of the transport session that carries the connection, as the admin page lists it: the Engine.IO
     * session's for a Socket.IO socket; by default the connection's own.
     */
    default String carrier(C connection) {
        return id(connection);
    }

    boolean isOpen(C connection);

    /**
     * Whether a received text is within the message cap, counted as received; one over it closes the connection
     * (1009) and is false.
     */
    boolean admit(C connection, String text);

    /** Hands {@code message} to the connection's bounded outbound queue, never blocking; dropped once it has closed. */
    void send(C connection, OutboundMessage message);

    /**
     * {@link #send} bound to {@code connection}, asked once when the chat takes the connection on: a room's message
     * goes through it once per member, so a delivery may look up here, once, what {@link #send} would look up on
     * every call. By default it calls {@link #send}.
     */
    default Consumer<OutboundMessage> sender(C connection) {
        return message -> send(connection, message);
    }

    /** Closes the connection; one closed or closing already is no error. */
    void close(C connection, int code, String reason);

    /** What a connection's outbound queue holds at most, in bytes: a history page stays well within it. */
    long outboundMaxBytes();
}

package dev.parley.client;

import jakarta.websocket.CloseReason;

/** What {@code parley client}'s main loop waits for: a line to send, the end of input, or a connection's close. */
sealed interface ClientEvent {
    /** A line from stdin or {@code -x}, to be sent as one text message. */
    record Line(String text) implements ClientEvent {
    }

    /** stdin ended, or every {@code -x} message has been queued. */
    record EndOfInput() implements ClientEvent {
    }

    /** Connection number {@code connection} closed, for {@code reason}. */
    record Closed(int connection, CloseReason reason) implements ClientEvent {
    }
}

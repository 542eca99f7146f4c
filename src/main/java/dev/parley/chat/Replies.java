package dev.parley.chat;

import java.util.logging.Logger;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import dev.parley.metrics.Metrics;
import dev.parley.session.OutboundMessage;
import dev.parley.session.Sessions;

/**
 * What the chat says to one session of its own accord: answers ({@code ack}), {@code error}s and single frames. A
 * request that could not be read at all is also counted in {@code /metrics} and logged, in one line.
 */
final class Replies {
    private static final Logger LOG = Logger.getLogger(Replies.class.getName());

    private final Metrics metrics;

    Replies(Metrics metrics) {
        this.metrics = metrics;
    }

    void send(ChatSession to, JsonObject json) {
        to.send(OutboundMessage.text(json.toString()));
    }

    /** Sends {@code answer} with the request's {@code ack} id; a request without one, or no answer, sends nothing. */
    void answer(ChatSession to, String ack, JsonObjectBuilder answer) {
        if (ack != null && answer != null) {
            send(to, answer.add("ack", ack).build());
        }
    }

    /** The {@code error} answering a refused request (with its {@code ack} id, if it had one). */
    void error(ChatSession to, String ack, RequestRejected rejected) {
        if (rejected.kind() != null) { // malformed input, not a refused request: counted and logged
            metrics.badRequest(rejected.kind());
            LOG.info(() -> "event=bad-request session=" + to.id() + " kind=" + rejected.kind() + " code="
                    + rejected.code() + " reason=" + Sessions.quoted(rejected.getMessage()));
        }
        JsonObjectBuilder error = ChatJson.object("error");
        if (ack != null) {
            error.add("ack", ack);
        }
        send(to, error.add("code", rejected.code()).add("message", rejected.getMessage()).build());
    }
}

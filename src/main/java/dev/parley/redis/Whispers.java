package dev.parley.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

import dev.parley.chat.RoomStore;
import dev.parley.session.OutboundMessage;

/**
 * Whispers across nodes. This node's sessions of the addressee get the frame at once; the other nodes holding the
 * user ({@code parley:user:{U}}: node → sessions) and alive get it on their channel {@code parley:node:{N}}
 * ({@link NodeMessage.Whisper}), and each hands it to its own sessions of the user. Thread-safe.
 */
final class Whispers {
    private static final Logger LOG = Logger.getLogger(Whispers.class.getName());

    private final RedisLink link;
    private final String node;
    private final RoomStore.LocalUsers users;

    Whispers(RedisLink link, String node, RoomStore.LocalUsers users) {
        this.link = link;
        this.node = node;
        this.users = users;
    }

    /**
     * Sends {@code frame} to every session of {@code to} on every node; completes false if there is none. Fails
     * ({@link RedisUnavailable}) only if Redis did not answer and no session here got it.
     */
    CompletionStage<Boolean> send(String to, OutboundMessage frame) {
        Collection<? extends RoomStore.Member> here = users.sessionsOf(to);
        here.forEach(session -> session.send(frame));
        String payload = NodeMessage.encode(new NodeMessage.Whisper(to, frame.text()));
        CompletionStage<Boolean> elsewhere = link.call(c -> c.hgetall(NodeKeys.user(to)))
                .thenCompose(nodes -> publish(others(nodes), payload));
        if (here.isEmpty()) {
            return elsewhere;
        }
        return elsewhere.handle((sent, failure) -> {
            if (failure != null) {
                LOG.info(() -> "event=redis-whisper-local-only to=" + to + " error=\"" + failure + "\"");
            }
            return true;
        });
    }

    /** A message on this node's channel: a whisper goes to this node's sessions of its user. */
    void received(String payload) {
        if (NodeMessage.decode(payload) instanceof NodeMessage.Whisper whisper) {
            OutboundMessage frame = OutboundMessage.text(whisper.frame());
            users.sessionsOf(whisper.user()).forEach(session -> session.send(frame));
        }
    }

    /** The other nodes with sessions of the user (a count above 0). */
    private List<String> others(Map<String, String> nodes) {
        List<String> others = new ArrayList<>();
        nodes.forEach((other, sessions) -> {
            if (!other.equals(node) && positive(sessions)) {
                others.add(other);
            }
        });
        return others;
    }

    /** Publishes to each node whose alive key exists; true if some node's subscription got it. */
    private CompletionStage<Boolean> publish(List<String> nodes, String payload) {
        List<CompletableFuture<Long>> sent = nodes.stream().map(other -> link.call(c -> c.exists(NodeKeys.alive(other)))
                .thenCompose(alive -> alive > 0 ? link.call(c -> c.publish(NodeKeys.channel(other), payload))
                        : CompletableFuture.completedFuture(0L))
                .toCompletableFuture()).toList();
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                .thenApply(done -> sent.stream().anyMatch(receivers -> receivers.join() > 0));
    }

    private static boolean positive(String count) {
        try {
            return Long.parseLong(count) > 0;
        } catch (NumberFormatException notCount) {
            return false;
        }
    }
}

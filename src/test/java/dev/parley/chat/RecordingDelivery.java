package dev.parley.chat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import dev.parley.session.OutboundMessage;

/**
 * The chat's delivery for tests without a server: each connection is a {@link Peer}; what the chat sends to it is
 * kept, parsed, in order; closes are recorded. Admits texts up to {@code maxMessageBytes}, closing with 1009
 * above (as {@code Sessions.admit} does). Thread-safe: the chat sends from the caller's thread and its own.
 */
final class RecordingDelivery implements ChatDelivery<RecordingDelivery.Peer> {
    /** A connection: an id, as a WebSocket session's. */
    record Peer(String id) {
    }

    /** A close the chat asked for. */
    record Close(int code, String reason) {
    }

    private final Map<Peer, List<JsonObject>> sent = new ConcurrentHashMap<>();
    private final Map<Peer, Close> closes = new ConcurrentHashMap<>();
    private final long maxMessageBytes;
    private final long outboundMaxBytes;

    RecordingDelivery(long maxMessageBytes, long outboundMaxBytes) {
        this.maxMessageBytes = maxMessageBytes;
        this.outboundMaxBytes = outboundMaxBytes;
    }

    @Override
    public String id(Peer peer) {
        return peer.id();
    }

    @Override
    public boolean isOpen(Peer peer) {
        return !closes.containsKey(peer);
    }

    @Override
    public boolean admit(Peer peer, String text) {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes <= maxMessageBytes) {
            return true;
        }
        close(peer, 1009, "message of " + bytes + " bytes exceeds the " + maxMessageBytes + "-byte limit");
        return false;
    }

    @Override
    public void send(Peer peer, OutboundMessage message) {
        if (isOpen(peer)) {
            List<JsonObject> frames = sent.computeIfAbsent(peer, p -> new ArrayList<>());
            synchronized (frames) {
                frames.add(parse(message.text()));
            }
            synchronized (this) {
                notifyAll(); // wakes await
            }
        }
    }

    @Override
    public void close(Peer peer, int code, String reason) {
        closes.putIfAbsent(peer, new Close(code, reason));
    }

    @Override
    public long outboundMaxBytes() {
        return outboundMaxBytes;
    }

    /** What {@code peer} was sent so far, in order. */
    List<JsonObject> sent(Peer peer) {
        List<JsonObject> frames = sent.getOrDefault(peer, List.of());
        synchronized (frames) {
            return List.copyOf(frames);
        }
    }

    /** Forgets what {@code peer} was sent so far, and returns it. */
    List<JsonObject> take(Peer peer) {
        List<JsonObject> frames = sent.getOrDefault(peer, new ArrayList<>());
        synchronized (frames) {
            List<JsonObject> taken = List.copyOf(frames);
            frames.clear();
            return taken;
        }
    }

    /** The frames of {@code type} sent to {@code peer} so far. */
    List<JsonObject> sent(Peer peer, String type) {
        return sent(peer).stream().filter(frame -> frame.getString("type").equals(type)).toList();
    }

    /** The close the chat asked for, or null. */
    Close closed(Peer peer) {
        return closes.get(peer);
    }

    /**
     * Waits (5 s at most) until a frame sent to {@code peer} matches; for what the chat sends from its own thread.
     *
     * @throws AssertionError if none did in time
     */
    synchronized JsonObject await(Peer peer, Predicate<JsonObject> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            for (JsonObject frame : sent(peer)) {
                if (wanted.test(frame)) {
                    return frame;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no such frame for " + peer + " in 5 s; it was sent " + sent(peer));
            }
            wait(Math.max(1, left / 1_000_000)); // woken by send
        }
    }

    private static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}

package dev.parley.redis;

import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import dev.parley.chat.ChatClient;

/**
 * One chat connection of {@link RedisOutageIT} that says as fast as it is answered: {@link #WINDOW} says at once
 * (more than the server lets wait, so some are {@code busy}), then their answers, again until the flood's end. It
 * records what each say was answered, how long the first answer of a window took (the server reads every flooder's
 * window, behind the others: CPU) and the longest gap between two answers (the server carries a connection's
 * requests out one at a time: each within the command timeout), and every message frame it saw.
 */
final class Flooder {
    /** Says sent before reading their answers: over the 1 + 32 a connection may have in the server. */
    static final int WINDOW = 40;

    final String name;
    final ChatClient client;
    final Map<String, Integer> answers = new TreeMap<>();
    final List<JsonObject> messages = new ArrayList<>();
    final List<String> unexpected = new ArrayList<>();
    /** The longest wait for a window's first answer, and between two answers. */
    long firstNanos;
    long slowestNanos;
    String slowestWhat = "";
    int said;

    private Flooder(String name, ChatClient client) {
        this.name = name;
        this.client = client;
    }

    static Flooder connect(URI chat, String name, String room) throws Exception {
        Flooder flooder = new Flooder(name, ChatClient.connect(URI.create(chat + "?name=" + name)));
        flooder.client.ok("{\"type\":\"join\",\"room\":\"" + room + "\"}");
        return flooder;
    }

    /** Says {@code text-<n>} in {@code room} until {@code endNanos} (at least one window); answers all. */
    void flood(String room, String text, long endNanos) throws Exception {
        do {
            long[] sent = new long[WINDOW];
            for (int i = 0; i < WINDOW; i++) {
                String said = name + "-" + (this.said + i) + " " + text;
                client.send("{\"type\":\"say\",\"room\":\"" + room + "\",\"text\":\"" + said + "\",\"ack\":\""
                        + name + "-" + (this.said + i) + "\"}");
                sent[i] = System.nanoTime();
            }
            long previous = 0;
            int carried = -1; // the last request answered after being carried out: those answer in order
            boolean[] answeredAt = new boolean[WINDOW];
            for (int answered = 0; answered < WINDOW; ) {
                String raw;
                try {
                    raw = client.ws().nextText();
                } catch (AssertionError silent) {
                    throw new AssertionError(name + ": " + (WINDOW - answered) + " says of window " + said
                            + " unanswered within the client's wait; answers so far " + answers + ", closed: "
                            + !client.ws().session().isOpen(), silent);
                }
                long at = System.nanoTime();
                JsonObject frame = parse(raw);
                String type = frame.getString("type", "");
                if ("message".equals(type)) {
                    messages.add(frame);
                    continue;
                }
                if ("presence".equals(type)) {
                    continue;
                }
                String ack = frame.getString("ack", "");
                int index = ack.startsWith(name + "-") ? Integer.parseInt(ack.substring(name.length() + 1)) - said
                        : -1;
                String code = "error".equals(type) ? frame.getString("code", "?") : type;
                boolean atOnce = "busy".equals(code) || "rate_limited".equals(code); // answered ahead (protocol.md)
                if (index < 0 || index >= WINDOW || answeredAt[index] || !atOnce && index <= carried) {
                    unexpected.add(raw);
                    continue;
                }
                answeredAt[index] = true;
                if (answered == 0) { // includes the time the server took to read the window, behind the others
                    firstNanos = Math.max(firstNanos, at - sent[0]);
                } else if (at - previous > slowestNanos) {
                    slowestNanos = at - previous;
                    slowestWhat = code + " to say " + (said + index) + ", " + (at - sent[0]) / 1_000_000
                            + " ms after the window's first was sent";
                }
                previous = at;
                if (!atOnce) {
                    carried = index;
                }
                answers.merge(code, 1, Integer::sum);
                answered++;
            }
            said += WINDOW;
        } while (System.nanoTime() < endNanos);
    }

    Duration slowest() {
        return Duration.ofNanos(slowestNanos);
    }

    private static JsonObject parse(String raw) {
        if (raw == null) {
            throw new AssertionError("no frame within the client's wait");
        }
        try (JsonReader reader = Json.createReader(new StringReader(raw))) {
            return reader.readObject();
        }
    }
}

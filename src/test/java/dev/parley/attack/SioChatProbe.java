package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import dev.parley.client.RecordingClient;

/**
 * A well-behaved Socket.IO client of the chat ({@code /chat}) over Engine.IO's WebSocket transport on a Tyrus client:
 * it answers the server's pings whenever it reads, so a test may keep it for longer than a ping interval.
 */
final class SioChatProbe implements AutoCloseable {
    private static final String NS = "/chat,";
    private final RecordingClient client;
    private int ackIds;

    private SioChatProbe(RecordingClient client) {
        this.client = client;
    }

    /** Connects to {@code /chat} as {@code name} and reads up to its {@code welcome}. */
    static SioChatProbe connect(AttackedServer server, String name) throws Exception {
        RecordingClient client = RecordingClient.connect(server.uri("ws", "/socket.io/?EIO=4&transport=websocket"));
        SioChatProbe probe = new SioChatProbe(client);
        String open = client.nextText();
        assertTrue(open.startsWith("0{\"sid\":"), open);
        client.send("40" + NS + "{\"name\":\"" + name + "\"}");
        assertTrue(probe.next("40" + NS).startsWith("{\"sid\":"), "CONNECT answered");
        assertTrue(probe.next("42" + NS + "[\"welcome\"").contains("\"user\":\"" + name + "\""), "welcome");
        return probe;
    }

    /** Emits {@code event} with {@code fields} and waits for its ack; the ack's one argument (JSON text). */
    String call(String event, String fields) throws Exception {
        int id = ++ackIds;
        client.send("42" + NS + id + "[\"" + event + "\"," + fields + "]");
        String answer = next("43" + NS + id + "[");
        assertTrue(answer.startsWith("{\"type\":\"ack\""), event + " answered " + answer);
        return answer;
    }

    /** Joins {@code room}; the ack. */
    String join(String room) throws Exception {
        return call("join", "{\"room\":\"" + room + "\"}");
    }

    /** Says {@code text} in {@code room} and waits for the ack. */
    void say(String room, String text) throws Exception {
        call("say", "{\"room\":\"" + room + "\",\"text\":\"" + text + "\"}");
    }

    /** Answers pings among the messages already received, without waiting; drops the rest. */
    void pump() throws Exception {
        for (int taken = 0; taken < 10_000 && client.pending() > 0; taken++) {
            answerIfPing(client.nextText());
        }
    }

    /**
     * What follows {@code prefix} in the next text that starts with it, within {@link RecordingClient#WAIT}; pings are
     * answered, others skipped.
     */
    String next(String prefix) throws Exception {
        long deadline = System.nanoTime() + RecordingClient.WAIT.toNanos();
        for (int frames = 0; frames < 10_000 && System.nanoTime() < deadline; frames++) {
            String text = client.nextText();
            if (text.startsWith(prefix)) {
                return text.substring(prefix.length());
            }
            answerIfPing(text);
        }
        throw new AssertionError("nothing starting " + prefix);
    }

    private void answerIfPing(String text) throws Exception {
        if (text.equals("2")) {
            client.send("3");
        }
    }

    /** A chat round trip: a say in {@code room} (joined first) is acknowledged. */
    static void assertChatWorks(AttackedServer server, String name) throws Exception {
        try (SioChatProbe probe = connect(server, name)) {
            assertTrue(probe.join(name + "-room").contains("\"members\":[\"" + name + "\"]"), "joined alone");
            probe.say(name + "-room", "still chatting");
        }
    }

    RecordingClient raw() {
        return client;
    }

    @Override
    public void close() throws Exception {
        client.close();
    }

}

package dev.parley.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.chat.ChatClient;
import dev.parley.deploy.ServerProcess;
import dev.parley.redis.RedisProcess;

/**
 * Issue 14: {@code kill -9} of a node. Two nodes ({@code parley.jar serve --redis}, processes of their own) behind
 * HAProxy; alice and carol on node A, bob on node B. A is killed: alice comes back through the balancer, lands on B
 * and resumes the room from her last id and epoch with nothing lost or doubled; B announces that carol, who did not
 * come back, left, within about 20 s (docs/scaling.md); alice, who came back, never left.
 */
class NodeCrashIT {
    /** Node timing (heartbeat 5 s, expiry 15 s, reaper every 5 s) says 20 s; a loaded machine gets some more. */
    private static final Duration LEFT_WITHIN = Duration.ofSeconds(30);
    private static final String ROOM = "crash";

    @RegisterExtension
    static final RedisProcess redis = new RedisProcess();

    private static String[] serveArgs(String origin) {
        return new String[] {"--redis", redis.uri(), "--allowed-origins", origin};
    }

    @Test
    void aKilledNodesClientResumesOnAnotherAndItsUsersAreAnnouncedGone() throws Exception {
        int lbPort = ServerProcess.freeLoopbackPort();
        String origin = "http://127.0.0.1:" + lbPort;
        List<ChatClient> clients = new ArrayList<>();
        try (JarNode nodeA = JarNode.start("a", serveArgs(origin));
             JarNode nodeB = JarNode.start("b", serveArgs(origin));
             Haproxy lb = Haproxy.start(lbPort, List.of(nodeA.http("/"), nodeB.http("/")))) {
            ChatClient alice = track(clients, ChatClient.connect(nodeA.ws("/chat?name=alice")));
            ChatClient carol = track(clients, ChatClient.connect(nodeA.ws("/chat?name=carol")));
            ChatClient bob = track(clients, ChatClient.connect(nodeB.ws("/chat?name=bob")));
            JsonObject joined = alice.ok(join());
            String epoch = joined.getString("epoch");
            carol.ok(join());
            assertEquals(List.of("alice", "bob", "carol"), members(bob.ok(join())));
            bob.ok(say("before 1"));
            alice.ok(say("before 2"));
            long lastSeen = 0;
            for (int n = 1; n <= 2; n++) {
                lastSeen = nextMessage(alice).getJsonNumber("id").longValue();
            }
            assertEquals(2, lastSeen);

            nodeA.kill();
            long killed = System.nanoTime();
            alice.awaitClose();
            assertEquals(3, bob.ok(say("while away 3")).getJsonNumber("id").longValue());
            assertEquals(4, bob.ok(say("while away 4")).getJsonNumber("id").longValue());

            // Through the balancer: A refuses connections (or HAProxy has marked it down), so B takes her.
            ChatClient back = track(clients, ChatClient.connect(lb.ws("/chat?name=alice")));
            JsonObject rejoined = back.ok(join());
            assertEquals(epoch, rejoined.getString("epoch"), "the room kept its epoch");
            assertEquals(4, rejoined.getJsonNumber("last").longValue());
            JsonObject missed = back.ok("{\"type\":\"history\",\"room\":\"" + ROOM + "\",\"since\":" + lastSeen
                    + ",\"epoch\":\"" + epoch + "\"}");
            assertEquals(true, missed.getBoolean("complete"), missed.toString());
            assertEquals(List.of("while away 3", "while away 4"), texts(missed));
            assertEquals(List.of(3L, 4L), ids(missed));
            bob.ok(say("after 5"));
            JsonObject next = nextMessage(back);
            assertEquals(5, next.getJsonNumber("id").longValue(), "nothing twice: " + next);

            // What bob sees until carol's leave: his own messages, and no presence of alice.
            List<String> presence = new ArrayList<>();
            while (!presence.contains("carol leave")) {
                JsonObject frame = bob.next();
                if (frame.getString("type").equals("presence")) {
                    presence.add(frame.getString("user") + " " + frame.getString("event"));
                }
                assertTrue(System.nanoTime() - killed < LEFT_WITHIN.toNanos(),
                        "carol not announced gone within " + LEFT_WITHIN + ": " + presence);
            }
            assertEquals(List.of("carol leave"), presence, "alice came back: she never left");
            ChatClient dave = track(clients, ChatClient.connect(nodeB.ws("/chat?name=dave")));
            assertEquals(List.of("alice", "bob", "dave"), members(dave.ok(join())));
        } finally {
            for (ChatClient client : clients) {
                client.ws().close();
            }
        }
    }

    /** The next message, past presence (who joins before and after whom does not matter here). */
    private static JsonObject nextMessage(ChatClient client) throws InterruptedException {
        JsonObject frame = client.next();
        while (frame.getString("type").equals("presence")) {
            frame = client.next();
        }
        assertEquals("message", frame.getString("type"), frame.toString());
        return frame;
    }

    private static ChatClient track(List<ChatClient> clients, ChatClient client) {
        clients.add(client);
        return client;
    }

    private static String join() {
        return "{\"type\":\"join\",\"room\":\"" + ROOM + "\"}";
    }

    private static String say(String text) {
        return "{\"type\":\"say\",\"room\":\"" + ROOM + "\",\"text\":\"" + text + "\"}";
    }

    private static List<String> members(JsonObject ack) {
        return ack.getJsonArray("members").getValuesAs(JsonString.class).stream().map(JsonString::getString)
                .sorted().toList();
    }

    private static List<Long> ids(JsonObject history) {
        return history.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                .map(m -> m.getJsonNumber("id").longValue()).toList();
    }

    private static List<String> texts(JsonObject history) {
        return history.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                .map(m -> m.getString("text")).toList();
    }
}

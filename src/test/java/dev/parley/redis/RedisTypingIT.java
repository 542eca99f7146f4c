package dev.parley.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.chat.ChatClient;
import dev.parley.server.RunningServer;

/**
 * The {@code typing} push across two Parley servers on one real redis-server: published on the room's channel, it
 * reaches the other users on both nodes, not the typist, and nothing of it is written to Redis.
 */
class RedisTypingIT {
    @RegisterExtension
    @Order(1)
    static final RedisProcess redis = new RedisProcess();
    @RegisterExtension
    @Order(2)
    static final RunningServer a = node();
    @RegisterExtension
    @Order(3)
    static final RunningServer b = node();

    private static RunningServer node() {
        return new RunningServer(config -> config.withRedis(RedisSettings.of(redis.uri())));
    }

    private static ChatClient client(RunningServer node, String name) throws Exception {
        return ChatClient.connect(node.ws("/chat?name=" + name));
    }

    @Test
    void typingReachesTheOtherUsersOnEveryNodeAndIsNotKept() throws Exception {
        try (ChatClient alice = client(a, "alice"); ChatClient carol = client(a, "carol");
             ChatClient bob = client(b, "bob")) {
            alice.ok("{\"type\":\"join\",\"room\":\"t1\"}");
            carol.ok("{\"type\":\"join\",\"room\":\"t1\"}");
            bob.ok("{\"type\":\"join\",\"room\":\"t1\"}");
            assertEquals("carol", alice.next("presence").getString("user"));
            assertEquals("bob", alice.next("presence").getString("user"));
            assertEquals("bob", carol.next("presence").getString("user"));

            assertTrue(alice.ok("{\"type\":\"typing\",\"room\":\"t1\"}").getBoolean("sent"));
            String pushed = "{\"type\":\"typing\",\"room\":\"t1\",\"user\":\"alice\"}";
            assertEquals(pushed, bob.next("typing").toString(), "on the other node");
            assertEquals(pushed, carol.next("typing").toString(), "on the typist's node");

            alice.ok("{\"type\":\"say\",\"room\":\"t1\",\"text\":\"marker\"}");
            JsonObject own = alice.next("message"); // her next frame: her typing never came back to her
            assertEquals(1, own.getInt("id"));
            assertEquals("marker", bob.next("message").getString("text"));
            String log = redis.cli("XRANGE", "parley:{t1}:log", "-", "+");
            assertTrue(log.contains("marker"), log);
            assertFalse(log.contains("typing"), "nothing of it in the room's log: " + log);
        }
    }
}

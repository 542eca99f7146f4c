package dev.parley.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.chat.ChatClient;
import dev.parley.server.RunningServer;

/**
 * Whispers across two real servers sharing one real redis-server, with the production node timing (a heartbeat every
 * 5 s): a user is registered when its session opens and unregistered when it closes, not a heartbeat later.
 */
class RedisWhispersIT {
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
    void aWhisperReachesAUserOnAnotherNodeRightAfterItConnected() throws Exception {
        try (ChatClient alice = client(a, "alice")) {
            for (int i = 0; i < 3; i++) { // each time a new session, whispered to at once (a heartbeat is 5 s away)
                try (ChatClient bob = client(b, "bob")) {
                    alice.ok("{\"type\":\"whisper\",\"to\":\"bob\",\"text\":\"psst " + i + "\"}");
                    JsonObject whisper = bob.next("whisper");
                    assertEquals("alice", whisper.getString("from"));
                    assertEquals("psst " + i, whisper.getString("text"));
                }
                awaitGone("bob"); // its close unregistered it (after its leaves, on the chat's thread)
                alice.refused("{\"type\":\"whisper\",\"to\":\"bob\",\"text\":\"gone\"}", "no_such_user");
            }
        }
    }

    @Test
    void aWhisperToAUserNowhereIsNoSuchUser() throws Exception {
        try (ChatClient alice = client(a, "alone")) {
            alice.refused("{\"type\":\"whisper\",\"to\":\"nobody\",\"text\":\"hello?\"}", "no_such_user");
        }
    }

    @Test
    void aWhisperReachesEverySessionOfItsUserOnEveryNode() throws Exception {
        try (ChatClient alice = client(a, "ann"); ChatClient here = client(a, "bea");
             ChatClient there = client(b, "bea")) {
            alice.ok("{\"type\":\"whisper\",\"to\":\"bea\",\"text\":\"both\"}");
            assertEquals("both", here.next("whisper").getString("text"));
            assertEquals("both", there.next("whisper").getString("text"));
        }
    }

    private static void awaitGone(String user) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!redis.cli("HGETALL", "parley:user:{" + user + "}").isEmpty()) {
            assertTrue(System.nanoTime() < deadline, user + " unregistered");
            Thread.sleep(20);
        }
    }
}

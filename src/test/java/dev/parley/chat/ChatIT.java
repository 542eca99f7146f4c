package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.deploy.ParleyTarget;
import dev.parley.deploy.TestDeployment;

/** The {@code /chat} contract (docs/protocol.md), line by line, through the Tyrus client. */
@Tag("portable")
class ChatIT {
    @RegisterExtension
    static final ParleyTarget server = ParleyTarget.of(TestDeployment.DEFAULTS);

    private static ChatClient connect(String name) throws Exception {
        return ChatClient.connect(server.ws("/chat?name=" + name));
    }

    private static List<String> members(JsonObject ack) {
        return ack.getJsonArray("members").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    @Test
    void theFirstFrameWelcomesTheUserWithTheSessionId() throws Exception {
        try (ChatClient alice = connect("alice")) {
            assertEquals("alice", alice.welcome.getString("user"));
            assertEquals(alice.ws().session().getId().isEmpty(), alice.welcome.getString("session").isEmpty());
            assertFalse(alice.welcome.getString("session").isEmpty());
        }
    }

    @Test
    void joinAcksMembersAndLastIdAndAnnouncesTheNewcomerToOthers() throws Exception {
        try (ChatClient alice = connect("alice"); ChatClient bob = connect("bob")) {
            JsonObject first = alice.ok("{\"type\":\"join\",\"room\":\"join-room\"}");
            assertEquals(List.of("alice"), members(first));
            assertEquals(0, first.getJsonNumber("last").longValue());
            alice.ok("{\"type\":\"say\",\"room\":\"join-room\",\"text\":\"before bob\"}");
            alice.next("message");

            JsonObject second = bob.ok("{\"type\":\"join\",\"room\":\"join-room\"}");
            assertEquals(List.of("alice", "bob"), members(second));
            assertEquals(1, second.getJsonNumber("last").longValue());
            JsonObject presence = alice.next("presence");
            assertEquals("join-room", presence.getString("room"));
            assertEquals("bob", presence.getString("user"));
            assertEquals("join", presence.getString("event"));
        }
    }

    @Test
    void sayReachesEveryMemberSenderIncludedWithIdsIncreasingByOne() throws Exception {
        try (ChatClient alice = connect("alice"); ChatClient bob = connect("bob")) {
            alice.ok("{\"type\":\"join\",\"room\":\"say-room\"}");
            bob.ok("{\"type\":\"join\",\"room\":\"say-room\"}");
            alice.next("presence");
            for (int n = 1; n <= 3; n++) {
                JsonObject ack = alice.ok("{\"type\":\"say\",\"room\":\"say-room\",\"text\":\"hi " + n + "\"}");
                assertEquals(n, ack.getJsonNumber("id").longValue());
            }
            for (ChatClient member : List.of(alice, bob)) {
                for (int n = 1; n <= 3; n++) {
                    JsonObject message = member.next("message");
                    assertEquals("say-room", message.getString("room"));
                    assertEquals(n, message.getJsonNumber("id").longValue());
                    assertEquals("alice", message.getString("from"));
                    assertEquals("hi " + n, message.getString("text"));
                    Instant.parse(message.getString("ts")); // ISO-8601
                }
            }
        }
    }

    @Test
    void sayingToARoomNotJoinedIsNotMember() throws Exception {
        try (ChatClient alice = connect("alice")) {
            alice.refused("{\"type\":\"say\",\"room\":\"elsewhere\",\"text\":\"hi\"}", "not_member");
            alice.refused("{\"type\":\"history\",\"room\":\"elsewhere\"}", "not_member");
            alice.refused("{\"type\":\"leave\",\"room\":\"elsewhere\"}", "not_member");
        }
    }

    @Test
    void leaveTellsTheOthers() throws Exception {
        try (ChatClient alice = connect("alice"); ChatClient bob = connect("bob")) {
            alice.ok("{\"type\":\"join\",\"room\":\"leave-room\"}");
            bob.ok("{\"type\":\"join\",\"room\":\"leave-room\"}");
            alice.next("presence");
            bob.ok("{\"type\":\"leave\",\"room\":\"leave-room\"}");
            JsonObject left = alice.next("presence");
            assertEquals("bob", left.getString("user"));
            assertEquals("leave", left.getString("event"));
            bob.refused("{\"type\":\"say\",\"room\":\"leave-room\",\"text\":\"hi\"}", "not_member");
        }
    }

    @Test
    void historyReturnsWhatCameAfterSinceOldestFirstAndCapped() throws Exception {
        try (ChatClient alice = connect("alice")) {
            alice.ok("{\"type\":\"join\",\"room\":\"history-room\"}");
            for (int n = 1; n <= 5; n++) {
                alice.ok("{\"type\":\"say\",\"room\":\"history-room\",\"text\":\"m" + n + "\"}");
            }
            JsonObject all = alice.ok("{\"type\":\"history\",\"room\":\"history-room\",\"since\":2,\"limit\":100}");
            assertEquals(List.of(3L, 4L, 5L), ids(all));
            assertTrue(all.getBoolean("complete"));
            JsonObject capped = alice.ok("{\"type\":\"history\",\"room\":\"history-room\",\"since\":0,\"limit\":2}");
            assertEquals(List.of(1L, 2L), ids(capped));
            assertTrue(capped.getBoolean("more"));
            JsonObject none = alice.ok("{\"type\":\"history\",\"room\":\"history-room\",\"since\":5}");
            assertEquals(List.of(), ids(none));
        }
    }

    static List<Long> ids(JsonObject historyAck) {
        return historyAck.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                .map(m -> m.getJsonNumber("id").longValue()).toList();
    }

    @Test
    void badRequestsGetAnErrorAndTheConnectionStaysOpen() throws Exception {
        try (ChatClient alice = connect("alice")) {
            alice.send("{not json");
            assertEquals("bad_json", alice.next("error").getString("code"));
            alice.send("[1,2]");
            assertEquals("bad_json", alice.next("error").getString("code"));
            alice.refused("{\"type\":\"dance\"}", "unknown_type");
            alice.refused("{\"type\":\"say\",\"room\":\"r\"}", "missing_field");
            alice.refused("{\"type\":\"join\",\"room\":42}", "bad_field");
            alice.refused("{\"type\":\"join\",\"room\":\"no spaces\"}", "bad_field");
            alice.ok("{\"type\":\"join\",\"room\":\"errors\"}");
            alice.refused("{\"type\":\"say\",\"room\":\"errors\",\"text\":\"" + "x".repeat(4097) + "\"}",
                    "text_too_long");
            alice.refused("{\"type\":\"history\",\"room\":\"errors\",\"limit\":0}", "bad_field");
            assertEquals(1, alice.ok("{\"type\":\"say\",\"room\":\"errors\",\"text\":\"" + "x".repeat(4096) + "\"}")
                    .getJsonNumber("id").longValue());
        }
    }
}

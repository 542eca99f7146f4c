package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.json.JsonText;
import dev.parley.server.RunningServer;

/**
 * Issue 12, item 1: "After a server restart, new messages silently disappear. Ids start again at 1". Every room has
 * an epoch, in the welcome (the server's), the join's answer and the history's answer (the room's); a history asked
 * in another epoch is answered {@code reset}. Embedded server, restarted on its port by the test.
 */
class ChatEpochIT {
    @RegisterExtension
    static final RunningServer server = new RunningServer();

    private static ChatClient connect(String name) throws Exception {
        return ChatClient.connect(server.ws("/chat?name=" + name));
    }

    private static String join(String room) {
        return JsonText.write(JsonText.object().add("type", "join").add("room", room));
    }

    private static String say(String room, String text) {
        return JsonText.write(JsonText.object().add("type", "say").add("room", room).add("text", text));
    }

    private static String history(String room, long since, String epoch) {
        JsonObjectBuilder request = JsonText.object().add("type", "history").add("room", room).add("since", since);
        return JsonText.write(epoch == null ? request : request.add("epoch", epoch));
    }

    @Test
    void theWelcomeTheJoinAndTheHistoryCarryEpochsAndAnotherEpochIsAReset() throws Exception {
        try (ChatClient alice = connect("alice"); ChatClient bob = connect("bob")) {
            String serverEpoch = alice.welcome.getString("epoch");
            assertTrue(serverEpoch.matches("[0-9a-f]{16}"), serverEpoch);
            assertEquals(serverEpoch, bob.welcome.getString("epoch"), "one server, one epoch");

            JsonObject joined = alice.ok(join("epochs"));
            String epoch = joined.getString("epoch");
            assertTrue(epoch.matches("[0-9a-f]{16}"), epoch);
            assertNotEquals(serverEpoch, epoch);
            alice.ok(say("epochs", "one"));
            alice.ok(say("epochs", "two"));
            assertEquals(epoch, bob.ok(join("epochs")).getString("epoch"), "the room's, whoever asks");
            assertNotEquals(epoch, bob.ok(join("other-room")).getString("epoch"), "each room its own");

            JsonObject same = bob.ok(history("epochs", 1, epoch));
            assertEquals(List.of("two"), texts(same));
            assertTrue(same.getBoolean("complete"));
            assertFalse(same.getBoolean("reset"));
            assertEquals(epoch, same.getString("epoch"));
            assertEquals(2, same.getJsonNumber("last").longValue());

            JsonObject stale = bob.ok(history("epochs", 1, "0123456789abcdef"));
            assertEquals(List.of(), texts(stale), "ids of another epoch select nothing");
            assertFalse(stale.getBoolean("complete"));
            assertTrue(stale.getBoolean("reset"));
            assertEquals(epoch, stale.getString("epoch"));
            assertEquals(2, stale.getJsonNumber("last").longValue());

            JsonObject unsaid = bob.ok(history("epochs", 0, null)); // a client that keeps no epoch: as before
            assertEquals(List.of("one", "two"), texts(unsaid));
            assertFalse(unsaid.getBoolean("reset"));
        }
    }

    /**
     * The restart of the issue: Bob resumes with the ids and epoch he had; the new server's room, with ids from 1
     * again, answers reset, and from 0 in the new epoch he gets the message said after the restart.
     */
    @Test
    void afterARestartTheRoomHasANewEpochAndAResumeFromTheOldOneIsAReset() throws Exception {
        String oldServer;
        String oldEpoch;
        try (ChatClient alice = connect("alice")) {
            oldServer = alice.welcome.getString("epoch");
            oldEpoch = alice.ok(join("restarted")).getString("epoch");
            for (int n = 1; n <= 3; n++) {
                alice.ok(say("restarted", "before " + n));
            }
        }
        server.restart();
        try (ChatClient alice = connect("alice"); ChatClient bob = connect("bob")) {
            assertNotEquals(oldServer, alice.welcome.getString("epoch"));
            JsonObject joined = alice.ok(join("restarted"));
            String epoch = joined.getString("epoch");
            assertNotEquals(oldEpoch, epoch);
            assertEquals(0, joined.getJsonNumber("last").longValue());
            assertEquals(1, alice.ok(say("restarted", "after")).getJsonNumber("id").longValue(), "ids from 1 again");

            bob.ok(join("restarted"));
            JsonObject resumed = bob.ok(history("restarted", 0, oldEpoch)); // id 0 of the old epoch
            assertTrue(resumed.getBoolean("reset"));
            assertFalse(resumed.getBoolean("complete"));
            assertEquals(epoch, resumed.getString("epoch"));
            assertEquals(1, resumed.getJsonNumber("last").longValue());
            JsonObject fresh = bob.ok(history("restarted", 0, epoch));
            assertEquals(List.of("after"), texts(fresh));
            assertTrue(fresh.getBoolean("complete"));
        }
    }

    private static List<String> texts(JsonObject answer) {
        return answer.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                .map(m -> m.getString("text")).toList();
    }
}

package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.deploy.ParleyTarget;
import dev.parley.deploy.TestDeployment;

/**
 * The {@code typing} event of {@code /chat} (docs/protocol.md) through two Tyrus clients: it reaches the room's other
 * members and not the sender, takes no id and is not in the history, and a second one within
 * {@link Typing#MIN_INTERVAL} is dropped.
 */
@Tag("portable")
class TypingIT {
    @RegisterExtension
    static final ParleyTarget server = ParleyTarget.of(TestDeployment.DEFAULTS);

    private static ChatClient connect(String name) throws Exception {
        return ChatClient.connect(server.ws("/chat?name=" + name));
    }

    @Test
    void typingReachesTheOthersNotTheSenderAndIsNotKept() throws Exception {
        try (ChatClient alice = connect("typist"); ChatClient bob = connect("reader")) {
            alice.ok("{\"type\":\"join\",\"room\":\"typing-room\"}");
            bob.ok("{\"type\":\"join\",\"room\":\"typing-room\"}");
            alice.next("presence");

            alice.send("{\"type\":\"typing\",\"room\":\"typing-room\"}"); // as the page sends it: no ack, no answer
            alice.ok("{\"type\":\"say\",\"room\":\"typing-room\",\"text\":\"marker\"}");
            // A push outside the room's order: with the in-memory store it comes first, through Redis either way.
            List<JsonObject> atBob = List.of(bob.next(), bob.next());
            JsonObject typing = atBob.stream().filter(f -> f.getString("type").equals("typing")).findFirst()
                    .orElseThrow(() -> new AssertionError("no typing event: " + atBob));
            assertEquals("{\"type\":\"typing\",\"room\":\"typing-room\",\"user\":\"typist\"}", typing.toString());
            assertEquals(1, atBob.stream().filter(f -> f.getString("type").equals("message")
                    && f.getString("text").equals("marker")).count(), atBob.toString());
            JsonObject own = alice.next("message"); // her next frame is her message: her typing never came back
            assertEquals(1, own.getInt("id"), "the typing event took no id");

            JsonObject history = bob.ok("{\"type\":\"history\",\"room\":\"typing-room\",\"since\":0}");
            assertEquals(List.of("marker"), history.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                    .map(m -> m.getString("text")).toList());
            assertEquals(1, history.getInt("last"));
        }
    }

    @Test
    void aSecondTypingWithinTheIntervalIsDroppedAndOutsideARoomRefused() throws Exception {
        try (ChatClient alice = connect("hasty"); ChatClient bob = connect("patient")) {
            alice.ok("{\"type\":\"join\",\"room\":\"hasty-room\"}");
            bob.ok("{\"type\":\"join\",\"room\":\"hasty-room\"}");
            alice.next("presence");
            alice.refused("{\"type\":\"typing\",\"room\":\"elsewhere\"}", "not_member");

            long start = System.nanoTime();
            assertTrue(alice.ok("{\"type\":\"typing\",\"room\":\"hasty-room\"}").getBoolean("sent"));
            boolean second = alice.ok("{\"type\":\"typing\",\"room\":\"hasty-room\"}").getBoolean("sent");
            boolean withinInterval = System.nanoTime() - start < Typing.MIN_INTERVAL.toNanos();
            if (withinInterval) { // the server's interval between them is at most what the client measured
                assertFalse(second, "a second typing within " + Typing.MIN_INTERVAL + " is dropped");
            }
            assertEquals("hasty", bob.next("typing").getString("user"));
            alice.ok("{\"type\":\"say\",\"room\":\"hasty-room\",\"text\":\"marker\"}");
            if (withinInterval) { // the typing event passed on came before the marker was said, so before its message
                assertEquals("marker", bob.next("message").getString("text"), "one typing event only");
            }
        }
    }
}

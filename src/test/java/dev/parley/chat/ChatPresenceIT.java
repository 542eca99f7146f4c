package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.json.JsonText;
import dev.parley.client.RecordingClient;
import dev.parley.deploy.ParleyTarget;
import dev.parley.deploy.TestDeployment;

/**
 * Issue 12, item 2: "12 clients joining one room at once, 10 times, gave 14 wrong views out of 120". Here 12
 * clients join one room at once, 20 times (a new room each time); every client's view, its join's {@code members}
 * and then the presence it receives after that answer, must be the room's membership: all 12.
 */
@Tag("portable")
class ChatPresenceIT {
    private static final int CLIENTS = 12;
    private static final int ROUNDS = 20;

    @RegisterExtension
    static final ParleyTarget server = ParleyTarget.of(TestDeployment.DEFAULTS);

    /** One client's frames in one round: before its join's answer, the answer, and after it. */
    private static final class Seen {
        final List<JsonObject> before = new ArrayList<>();
        JsonObject ack;
        final List<JsonObject> after = new ArrayList<>();
    }

    @Test
    void everyClientsViewOfAConcurrentJoinIsTheRoomsMembership() throws Exception {
        List<RecordingClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            Set<String> everyone = new TreeSet<>();
            for (int n = 0; n < CLIENTS; n++) {
                clients.add(RecordingClient.connect(server.ws("/chat?name=crowd" + n)));
                everyone.add("crowd" + n);
                assertEquals("welcome", parse(clients.get(n).nextText()).getString("type"));
            }
            int wrong = 0;
            List<String> failures = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                String room = "crowd-" + round;
                List<CompletableFuture<Seen>> joins = new ArrayList<>();
                for (RecordingClient client : clients) {
                    joins.add(CompletableFuture.supplyAsync(() -> join(client, room), pool));
                }
                List<Seen> seen = new ArrayList<>();
                for (CompletableFuture<Seen> join : joins) {
                    seen.add(join.get(RecordingClient.WAIT.toSeconds(), TimeUnit.SECONDS));
                }
                // The room took the joins one after the other: the last one's answer names everybody. Every other
                // client has seen that one arrive once it has the presence for it; then its view is complete.
                String last = null;
                for (int n = 0; n < CLIENTS; n++) {
                    if (members(seen.get(n).ack).size() == CLIENTS) {
                        last = "crowd" + n;
                    }
                }
                assertNotNull(last, "round " + round + ": no join answer names all " + CLIENTS);
                for (int n = 0; n < CLIENTS; n++) {
                    if (!last.equals("crowd" + n)) {
                        awaitArrivalOf(last, room, clients.get(n), seen.get(n));
                    }
                }
                for (int n = 0; n < CLIENTS; n++) {
                    Set<String> view = view(seen.get(n), room);
                    if (!view.equals(everyone)) {
                        wrong++;
                        failures.add("round " + round + ", crowd" + n + ": " + view);
                    }
                    if (seen.get(n).before.stream().anyMatch(f -> room.equals(f.getString("room", null)))) {
                        failures.add("round " + round + ", crowd" + n + ": the room's events came before the join's"
                                + " answer: " + seen.get(n).before);
                    }
                }
            }
            assertEquals(List.of(), failures, wrong + " wrong views of " + CLIENTS * ROUNDS);
        } finally {
            pool.shutdownNow();
            for (RecordingClient client : clients) {
                client.close();
            }
        }
    }

    /** Sends the join and reads up to its answer. */
    private static Seen join(RecordingClient client, String room) {
        Seen seen = new Seen();
        try {
            client.send(JsonText.write(JsonText.object().add("type", "join").add("room", room).add("ack", room)));
            while (seen.ack == null) {
                JsonObject frame = parse(client.nextText());
                if (room.equals(frame.getString("ack", null))) {
                    assertEquals("ack", frame.getString("type"), frame.toString());
                    seen.ack = frame;
                } else {
                    seen.before.add(frame);
                }
            }
            return seen;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads until the client has met the presence of {@code user} joining {@code room} (each read bounded). */
    private static void awaitArrivalOf(String user, String room, RecordingClient client, Seen seen)
            throws InterruptedException {
        while (!announces(seen.before, user, room) && !announces(seen.after, user, room)) {
            seen.after.add(parse(client.nextText()));
        }
    }

    private static boolean announces(List<JsonObject> frames, String user, String room) {
        return frames.stream().anyMatch(f -> f.getString("type").equals("presence") && room.equals(f.getString("room"))
                && user.equals(f.getString("user")) && f.getString("event").equals("join"));
    }

    /** The answer's members, then each presence of the room received after the answer, in order. */
    private static Set<String> view(Seen seen, String room) {
        Set<String> view = new TreeSet<>(members(seen.ack));
        for (JsonObject frame : seen.after) {
            assertEquals("presence", frame.getString("type"), frame.toString());
            assertEquals(room, frame.getString("room"));
            if (frame.getString("event").equals("join")) {
                assertFalse(view.contains(frame.getString("user")), "a join for one already in: " + frame);
                view.add(frame.getString("user"));
            } else {
                view.remove(frame.getString("user"));
            }
        }
        return view;
    }

    private static List<String> members(JsonObject ack) {
        return ack.getJsonArray("members").getValuesAs(JsonString::getString);
    }

    private static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}

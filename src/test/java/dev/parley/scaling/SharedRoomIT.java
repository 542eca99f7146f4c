package dev.parley.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.chat.ChatClient;
import dev.parley.deploy.ParleyTarget;
import dev.parley.deploy.SharedRedis;
import dev.parley.deploy.TestDeployment;
import dev.parley.json.JsonText;
import dev.parley.server.RunningServer;

/**
 * Issue 14, "on the embedded server and at least once with the WAR on Payara Micro": the target's node (the WAR on
 * Payara or GlassFish with {@code parley.redis}, or an embedded server) and an embedded node share one Redis, and so
 * one room: ids, presence, whispers and the publish API cross between them.
 */
@Tag("portable")
class SharedRoomIT {
    @RegisterExtension
    @Order(1)
    static final ParleyTarget war = ParleyTarget.of(TestDeployment.REDIS);
    /** The other node: embedded, on the same Redis (started by the target's extension). */
    @RegisterExtension
    @Order(2)
    static final RunningServer embedded = new RunningServer(config -> SharedRedis.on(
            config.withChat(config.chat().withApiKey(TestDeployment.API_KEY)), SharedRedis.uri()));

    private static final String ROOM = "war-and-jar";

    @Test
    void aUserOnEachNodeShareOneRoom() throws Exception {
        try (ChatClient alice = ChatClient.connect(war.ws("/chat?name=alice"));
             ChatClient bob = ChatClient.connect(embedded.ws("/chat?name=bob"))) {
            JsonObject first = alice.ok(join());
            JsonObject second = bob.ok(join());
            assertEquals(List.of("alice", "bob"), members(second));
            assertEquals(first.getString("epoch"), second.getString("epoch"));
            long last = first.getJsonNumber("last").longValue();
            assertEquals(last, second.getJsonNumber("last").longValue());
            JsonObject arrived = alice.next("presence");
            assertEquals(List.of("bob", "join"), List.of(arrived.getString("user"), arrived.getString("event")));

            alice.ok(say("from the war"));
            bob.ok(say("from the jar"));
            HttpResponse<String> published = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    embedded.http("/api/rooms/" + ROOM + "/messages")).POST(HttpRequest.BodyPublishers.ofString(
                            "{\"text\":\"pushed\",\"from\":\"newsdesk\"}"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + TestDeployment.API_KEY).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, published.statusCode(), published.body());
            assertEquals(last + 3, JsonText.readObject(published.body()).getInt("id"));
            for (ChatClient member : List.of(alice, bob)) {
                long id = last;
                for (String text : List.of("from the war", "from the jar", "pushed")) {
                    JsonObject message = member.next("message");
                    assertEquals(List.of(++id, text), List.of(message.getJsonNumber("id").longValue(),
                            message.getString("text")));
                }
            }

            alice.ok("{\"type\":\"whisper\",\"to\":\"bob\",\"text\":\"psst, jar\"}");
            assertEquals("psst, jar", bob.next("whisper").getString("text"));
            bob.ok("{\"type\":\"whisper\",\"to\":\"alice\",\"text\":\"psst, war\"}");
            assertEquals("psst, war", alice.next("whisper").getString("text"));

            bob.ok("{\"type\":\"leave\",\"room\":\"" + ROOM + "\"}");
            JsonObject left = alice.next("presence");
            assertEquals(List.of("bob", "leave"), List.of(left.getString("user"), left.getString("event")));
        }
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
}

package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.json.JsonText;
import dev.parley.deploy.ParleyTarget;
import dev.parley.deploy.TestDeployment;

/** {@code POST /api/rooms/{room}/messages}: server push, delivered as a normal message with the room's next id. */
@Tag("portable")
class PublishApiIT {
    private static final String KEY = TestDeployment.API_KEY;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final ParleyTarget server = ParleyTarget.of(TestDeployment.PUBLISH);

    @RegisterExtension
    static final ParleyTarget keyless = ParleyTarget.of(TestDeployment.DEFAULTS);

    private static HttpResponse<String> post(URI uri, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPublishedMessageIsANormalMessageWithTheNextIdAndInTheHistory() throws Exception {
        try (ChatClient alice = ChatClient.connect(server.ws("/chat?name=alice"))) {
            alice.ok("{\"type\":\"join\",\"room\":\"news\"}");
            alice.ok("{\"type\":\"say\",\"room\":\"news\",\"text\":\"first\"}");
            alice.next("message");

            HttpResponse<String> response = post(server.http("/api/rooms/news/messages"), "Bearer " + KEY,
                    "{\"text\":\"breaking\",\"from\":\"newsdesk\"}");
            assertEquals(202, response.statusCode(), response.body());
            assertEquals(2, JsonText.readObject(response.body()).getInt("id"), response.body());

            JsonObject pushed = alice.next("message");
            assertEquals(2, pushed.getJsonNumber("id").longValue());
            assertEquals("newsdesk", pushed.getString("from"));
            assertEquals("breaking", pushed.getString("text"));
            JsonObject history = alice.ok("{\"type\":\"history\",\"room\":\"news\",\"since\":1}");
            assertEquals(java.util.List.of(2L), ChatIT.ids(history));
        }
    }

    @Test
    void aWrongOrMissingKeyIs401() throws Exception {
        URI uri = server.http("/api/rooms/news/messages");
        assertEquals(401, post(uri, "Bearer wrong", "{\"text\":\"x\"}").statusCode());
        assertEquals(401, post(uri, null, "{\"text\":\"x\"}").statusCode());
        assertEquals(401, post(uri, KEY, "{\"text\":\"x\"}").statusCode());
    }

    @Test
    void aBadBodyIs400WithAMessage() throws Exception {
        URI uri = server.http("/api/rooms/news/messages");
        for (String body : new String[] {"{", "[]", "{}", "{\"text\":42}", "{\"text\":\"\"}",
                "{\"text\":\"" + "x".repeat(4097) + "\"}", "{\"text\":\"x\",\"from\":\"bad name\"}"}) {
            HttpResponse<String> response = post(uri, "Bearer " + KEY, body);
            assertEquals(400, response.statusCode(), body);
            assertTrue(response.body().contains("\"message\""), response.body());
        }
        assertEquals(400, post(server.http("/api/rooms/bad%20room/messages"), "Bearer " + KEY,
                "{\"text\":\"x\"}").statusCode());
    }

    @Test
    void withoutAConfiguredKeyTheApiIsOff() throws Exception {
        assertEquals(404, post(keyless.http("/api/rooms/news/messages"), "Bearer " + KEY, "{\"text\":\"x\"}")
                .statusCode());
    }

    @Test
    void otherPathsAre404AndOtherMethods405() throws Exception {
        assertEquals(404, post(server.http("/api/rooms/news"), "Bearer " + KEY, "{\"text\":\"x\"}").statusCode());
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(server.http("/api/rooms/news/messages"))
                .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
    }
}

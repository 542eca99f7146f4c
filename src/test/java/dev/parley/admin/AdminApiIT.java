package dev.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.chat.ChatClient;
import dev.parley.deploy.ParleyTarget;
import dev.parley.deploy.TestDeployment;
import dev.parley.json.JsonText;

/**
 * The admin API as a client meets it, in every container: off (404) without a key; without the key 401, with a wrong
 * one 403, from another origin 403, never a CORS header, and no data in any refusal; with the key, a room and its
 * session appear as a client joins, a publish reaches the client, a close gives it the code and reason.
 */
@Tag("portable")
class AdminApiIT {
    private static final String KEY = TestDeployment.ADMIN_KEY;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final ParleyTarget server = ParleyTarget.of(TestDeployment.ADMIN);

    @RegisterExtension
    static final ParleyTarget keyless = ParleyTarget.of(TestDeployment.DEFAULTS);

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder get(URI uri, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private static HttpRequest.Builder post(URI uri, String body) {
        return HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + KEY);
    }

    private static JsonObject overview() throws Exception {
        HttpResponse<String> response = send(get(server.http("/admin/api/overview"), "Bearer " + KEY));
        assertEquals(200, response.statusCode(), response.body());
        return JsonText.readObject(response.body());
    }

    /** The overview once it shows what {@code shows} wants, polled until the deadline. */
    private static JsonObject overviewUntil(String what, Predicate<JsonObject> shows) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonObject last = overview();
        while (!shows.test(last)) {
            assertTrue(System.nanoTime() < deadline, what + "; last overview: " + last);
            Thread.onSpinWait();
            last = overview();
        }
        return last;
    }

    private static JsonObject sessionOf(JsonObject overview, String user) {
        for (JsonValue session : overview.getJsonArray("sessions")) {
            if (session.asJsonObject().getString("user").equals(user)) {
                return session.asJsonObject();
            }
        }
        return null;
    }

    private static JsonObject pollingSession(JsonObject overview, String sid) {
        return overview.getJsonArray("sessions").stream().map(JsonValue::asJsonObject)
                .filter(listed -> listed.getString("id").equals(sid)).findFirst().orElse(null);
    }

    private static boolean roomHas(JsonObject overview, String room, int members) {
        return overview.getJsonObject("rooms").getJsonArray("live").stream().map(JsonValue::asJsonObject)
                .anyMatch(live -> live.getString("room").equals(room) && live.getInt("members") == members);
    }

    private static void assertRefusedWithoutData(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertFalse(response.body().contains("sessions") || response.body().contains("rooms"), response.body());
        assertTrue(response.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "a CORS header");
    }

    @Test
    void withoutAKeyEverythingAdminIs404() throws Exception {
        for (String path : new String[] {"/admin", "/admin.html", "/admin.js", "/admin.css", "/admin/api/overview"}) {
            HttpResponse<String> response = send(get(keyless.http(path), "Bearer " + KEY));
            assertEquals(404, response.statusCode(), path);
        }
        assertEquals(404, send(post(keyless.http("/admin/api/rooms/lobby/messages"), "{\"text\":\"x\"}"))
                .statusCode());
    }

    @Test
    void withoutTheKeyIs401AndAWrongKeyIs403WithoutData() throws Exception {
        URI uri = server.http("/admin/api/overview");
        HttpResponse<String> missing = send(get(uri, null));
        assertRefusedWithoutData(missing, 401);
        assertTrue(missing.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertRefusedWithoutData(send(get(uri, "Basic " + KEY)), 401);
        assertRefusedWithoutData(send(get(uri, "Bearer " + KEY + "x")), 403);
        assertRefusedWithoutData(send(get(uri, "Bearer " + KEY.substring(1))), 403);
        assertRefusedWithoutData(send(get(server.http("/admin/api/overview?key=" + KEY), null)), 401);
        assertRefusedWithoutData(send(HttpRequest.newBuilder(server.http("/admin/api/sessions/x/close"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":4000}"))), 401);
    }

    @Test
    void anotherOriginIsRefusedEvenWithTheKey() throws Exception {
        URI uri = server.http("/admin/api/overview");
        String own = uri.getScheme() + "://" + uri.getAuthority();
        assertEquals(200, send(get(uri, "Bearer " + KEY).header("Origin", own)).statusCode());
        for (String origin : new String[] {"https://evil.example", "null", own + "0", own + ".evil.example",
                "http://localhost.evil.example:" + uri.getPort()}) {
            assertRefusedWithoutData(send(get(uri, "Bearer " + KEY).header("Origin", origin)), 403);
        }
        assertRefusedWithoutData(send(get(uri, "Bearer " + KEY).header("Sec-Fetch-Site", "cross-site")), 403);
        assertRefusedWithoutData(send(HttpRequest.newBuilder(uri).method("OPTIONS", HttpRequest.BodyPublishers
                .noBody()).header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")), 403);
        assertRefusedWithoutData(send(post(server.http("/admin/api/rooms/lobby/messages"), "{\"text\":\"x\"}")
                .header("Origin", "https://evil.example")), 403);
        assertRefusedWithoutData(send(get(server.http("/admin"), null).header("Origin", "https://evil.example")), 403);
    }

    @Test
    void thePageIsServedWithItsPolicy() throws Exception {
        HttpResponse<String> page = send(get(server.http("/admin"), null));
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        assertTrue(page.body().contains("<script src=\"admin.js\""), page.body());
        HttpResponse<String> script = send(get(server.http("/admin.js"), null));
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"),
                script.headers().toString());
        assertTrue(script.body().contains("textContent"));
    }

    @Test
    void aJoinedClientShowsUpReceivesAPublishAndIsClosedWithTheCodeAndReason() throws Exception {
        try (ChatClient alice = ChatClient.connect(server.ws("/chat?name=adminalice"))) {
            alice.ok("{\"type\":\"join\",\"room\":\"ops\"}");
            JsonObject seen = overviewUntil("ops with adminalice",
                    shown -> roomHas(shown, "ops", 1) && sessionOf(shown, "adminalice") != null);
            JsonObject session = sessionOf(seen, "adminalice");
            assertEquals("websocket", session.getString("transport"));
            assertTrue(session.getString("path").endsWith("/chat"), session.toString());
            assertEquals("ops", session.getJsonArray("rooms").getString(0));
            assertTrue(session.getJsonNumber("queuedBytes").longValue() >= 0);

            HttpResponse<String> published = send(post(server.http("/admin/api/rooms/ops/messages"),
                    "{\"text\":\"maintenance at noon\"}"));
            assertEquals(202, published.statusCode(), published.body());
            JsonObject message = alice.next("message");
            assertEquals("maintenance at noon", message.getString("text"));
            assertEquals("admin", message.getString("from"));

            assertEquals(400, send(post(server.http("/admin/api/sessions/" + session.getString("id") + "/close"),
                    "{\"code\":1006,\"reason\":\"x\"}")).statusCode());
            HttpResponse<String> tooLong = send(post(server.http("/admin/api/sessions/" + session.getString("id")
                    + "/close"), "{\"code\":4000,\"reason\":\"" + "é".repeat(62) + "\"}"));
            assertEquals(400, tooLong.statusCode(), tooLong.body());
            assertTrue(tooLong.body().contains("reason_too_long"), tooLong.body());
            HttpResponse<String> unknown = send(post(server.http("/admin/api/sessions/no-such-id/close"),
                    "{\"code\":4000}"));
            assertEquals(404, unknown.statusCode());
            assertTrue(unknown.body().contains("no_such_session"), unknown.body());

            HttpResponse<String> closed = send(post(server.http("/admin/api/sessions/" + session.getString("id")
                    + "/close"), "{\"code\":4001,\"reason\":\"bye from the admin\"}"));
            assertEquals(202, closed.statusCode(), closed.body());
            CloseReason reason = alice.awaitClose();
            assertEquals(4001, reason.getCloseCode().getCode());
            assertEquals("bye from the admin", reason.getReasonPhrase());
            overviewUntil("adminalice gone", shown -> sessionOf(shown, "adminalice") == null);
        }
        String metrics = send(get(server.http("/metrics"), null)).body();
        assertTrue(metrics.contains("parley_admin_actions_total{action=\"close\"} 1.0"), metrics);
        assertTrue(metrics.contains("parley_admin_actions_total{action=\"publish\"} 1.0"), metrics);
    }

    @Test
    void aSocketIoChatUserOnTheWebSocketTransportIsListedByName() throws Exception {
        WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(server.ws("/socket.io/?EIO=4&transport=websocket"),
                new WebSocket.Listener() { }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        try {
            socket.sendText("40/chat,{\"name\":\"wendy\"}", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            JsonObject wendy = sessionOf(overviewUntil("wendy listed", shown -> sessionOf(shown, "wendy") != null),
                    "wendy");
            assertEquals("engine.io websocket", wendy.getString("transport"), wendy.toString());
            assertTrue(wendy.getString("path").endsWith("/socket.io/"), wendy.toString());
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void anEngineIoPollingSessionIsListedWithItsChatUserAgeAndQueueAndClosed() throws Exception {
        HttpResponse<String> open = send(get(server.http("/socket.io/?EIO=4&transport=polling"), null));
        assertEquals(200, open.statusCode(), open.body());
        assertTrue(open.body().startsWith("0{"), open.body());
        String sid = JsonText.readObject(open.body().substring(1)).getString("sid");
        URI polling = server.http("/socket.io/?EIO=4&transport=polling&sid=" + sid);
        HttpResponse<String> connect = send(HttpRequest.newBuilder(polling)
                .POST(HttpRequest.BodyPublishers.ofString("40/chat,{\"name\":\"pollo\"}"))
                .header("Content-Type", "text/plain;charset=UTF-8"));
        assertEquals(200, connect.statusCode(), connect.body());
        // the CONNECT's answer and the chat's welcome wait in the session's buffer for the next GET
        JsonObject session = pollingSession(overviewUntil("pollo on polling with two packets waiting",
                shown -> {
                    JsonObject listed = pollingSession(shown, sid);
                    return listed != null && listed.getString("user").equals("pollo")
                            && listed.getInt("queuedMessages") >= 2;
                }), sid);
        assertEquals("engine.io polling", session.getString("transport"));
        assertTrue(session.getString("path").endsWith("/socket.io/"), session.toString());
        assertTrue(session.getJsonNumber("ageSeconds").longValue() >= 0, session.toString());
        assertTrue(session.getJsonNumber("queuedBytes").longValue() > 20, session.toString());
        HttpResponse<String> drained = send(get(polling, null));
        assertTrue(drained.body().contains("welcome"), drained.body());
        overviewUntil("pollo's buffer drained by the GET",
                shown -> pollingSession(shown, sid).getJsonNumber("queuedBytes").longValue() == 0
                        && pollingSession(shown, sid).getInt("queuedMessages") == 0);

        HttpResponse<String> closed = send(post(server.http("/admin/api/sessions/" + sid + "/close"),
                "{\"code\":1000,\"reason\":\"maintenance\"}"));
        assertEquals(202, closed.statusCode(), closed.body());
        overviewUntil("the polling session gone", shown -> shown.getJsonArray("sessions").stream()
                .map(JsonValue::asJsonObject).noneMatch(listed -> listed.getString("id").equals(sid)));
    }
}

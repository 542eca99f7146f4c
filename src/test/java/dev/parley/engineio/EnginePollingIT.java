package dev.parley.engineio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.parley.server.ParleyServer;

/**
 * Engine.IO over HTTP long-polling on the embedded server, against the echo, as the engine.io-protocol test suite
 * checks it: handshake and its refusals, messages batched, binary, overlapping GET, close, maxPayload.
 */
class EnginePollingIT {
    private static ParleyServer server;
    private static URI base;
    /** With the default heartbeat (a ping each 25 s): a held GET is answered by what the test does, not a ping. */
    private static ParleyServer calm;
    private static URI calmBase;

    @BeforeAll
    static void start() throws Exception {
        server = EngineServers.echo(EngineServers.SUITE.withMaxPayload(100_000));
        base = EngineServers.http(server);
        calm = EngineServers.echo(EngineConfig.DEFAULTS);
        calmBase = EngineServers.http(calm);
    }

    @AfterAll
    static void stop() {
        server.stop();
        calm.stop();
    }

    @Test
    void theHandshakeOpensWithExactlyTheFiveKeys() throws Exception {
        HttpResponse<String> response = Polling.send(base, "GET", "EIO=4&transport=polling", null);
        assertEquals(200, response.statusCode());
        assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        JsonObject open = jakarta.json.Json.createReader(new java.io.StringReader(response.body().substring(1)))
                .readObject();
        assertEquals('0', response.body().charAt(0));
        assertEquals(Set.of("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"), open.keySet());
        assertEquals(List.of("websocket"), open.getJsonArray("upgrades").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals(300, open.getInt("pingInterval"));
        assertEquals(200, open.getInt("pingTimeout"));
        assertEquals(100_000, open.getInt("maxPayload"));
    }

    @Test
    void badHandshakesAre400WithTheirCode() throws Exception {
        assertRefused(400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}", "GET", "EIO=3&transport=polling");
        assertRefused(400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}", "GET", "transport=polling");
        assertRefused(400, "{\"code\":0,\"message\":\"Transport unknown\"}", "GET", "EIO=4&transport=abc");
        assertRefused(400, "{\"code\":0,\"message\":\"Transport unknown\"}", "GET", "EIO=4");
        assertRefused(400, "{\"code\":2,\"message\":\"Bad handshake method\"}", "POST", "EIO=4&transport=polling");
        assertRefused(400, "{\"code\":2,\"message\":\"Bad handshake method\"}", "PUT", "EIO=4&transport=polling");
        assertRefused(400, "{\"code\":1,\"message\":\"Session ID unknown\"}", "GET",
                "EIO=4&transport=polling&sid=nope");
    }

    private static void assertRefused(int status, String json, String method, String query) throws Exception {
        HttpResponse<String> response = Polling.send(base, method, query, method.equals("GET") ? null : "");
        assertEquals(status, response.statusCode(), method + " " + query);
        assertEquals(json, response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    @Test
    void threeMessagesComeBackInOneGet() throws Exception {
        Polling client = new Polling(base);
        client.open();
        HttpResponse<String> posted = client.post("4hello\u001e4é€😀\u001ebAQIDBA==");
        assertEquals(200, posted.statusCode());
        assertEquals("ok", posted.body());
        assertEquals("4hello\u001e4é€😀\u001ebAQIDBA==", client.get().body());
    }

    @Test
    void aHeldGetIsAnsweredWhenAMessageArrives() throws Exception {
        Polling client = new Polling(calmBase);
        client.open();
        CompletableFuture<HttpResponse<String>> held = client.getAsync();
        EngineServers.awaitHeld(calm, client.sid());
        assertEquals("ok", client.post("4later").body());
        assertEquals("4later", held.join().body());
    }

    @Test
    void anOverlappingGetIsRefusedAndClosesTheSession() throws Exception {
        Polling client = new Polling(calmBase);
        client.open();
        CompletableFuture<HttpResponse<String>> first = client.getAsync();
        EngineServers.awaitHeld(calm, client.sid());
        assertEquals(400, client.get().statusCode());
        HttpResponse<String> held = first.join();
        assertEquals(200, held.statusCode());
        assertEquals("1", held.body());
        assertEquals(400, client.get().statusCode());
    }

    @Test
    void aBodyThatComesAfterItsHeadLeavesTheConnectionReadable() throws Exception {
        Polling client = new Polling(base);
        client.open();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", base.getPort())) {
            socket.setSoTimeout(20_000);
            var out = socket.getOutputStream();
            out.write(("POST " + base.getPath() + "?" + client.query() + " HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: 6\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            // the head alone first: its handler waits for the body, which comes in a later read
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            out.write("4split".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            String posted = readResponse(socket.getInputStream());
            assertTrue(posted.startsWith("HTTP/1.1 200") && posted.endsWith("ok"), posted);
            out.write(("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            String health = readResponse(socket.getInputStream());
            assertTrue(health.startsWith("HTTP/1.1 200"), health);
        }
    }

    /** One response with a Content-Length, read whole. */
    private static String readResponse(java.io.InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException(head.toString());
            }
            head.append((char) b);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)")
                .matcher(head);
        int n = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return head + new String(in.readNBytes(n), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void malformedDataClosesTheSession() throws Exception {
        Polling client = new Polling(base);
        client.open();
        client.post("abc");
        assertEquals(400, client.get().statusCode());
    }

    @Test
    void theClientsCloseReleasesTheHeldGetWithNoop() throws Exception {
        Polling client = new Polling(calmBase);
        client.open();
        CompletableFuture<HttpResponse<String>> held = client.getAsync();
        EngineServers.awaitHeld(calm, client.sid());
        assertEquals("ok", client.post("1").body());
        assertEquals("6", held.join().body());
        assertEquals(400, client.get().statusCode());
    }

    @Test
    void theServerPingsAndPongsKeepTheSessionOpen() throws Exception {
        Polling client = new Polling(base);
        client.open();
        for (int i = 0; i < 3; i++) {
            assertEquals("2", client.get().body());
            assertEquals("ok", client.post("3").body());
        }
        assertEquals("ok", client.post("4still").body());
        String body = client.get().body();
        assertTrue(body.startsWith("4still"), body);
    }

    @Test
    void noPongClosesTheSessionAfterThePingTimeout() throws Exception {
        Polling client = new Polling(base);
        client.open();
        assertEquals("2", client.get().body());
        HttpResponse<String> next = client.get(); // held until the timeout closes the session
        assertEquals("1", next.body());
        assertEquals(400, client.get().statusCode());
    }

    /**
     * The 413 comes from the head alone, before a byte of the body is read: the request announces 100,001 bytes and
     * sends none. (Sent whole through the HttpClient, the body raced the answer: the server closes the connection
     * after a refusal without reading the rest, and a client still writing could meet the reset before the 413.)
     */
    @Test
    void aBodyOverMaxPayloadIs413AndClosesTheSession() throws Exception {
        Polling client = new Polling(base);
        client.open();
        String answer = announcedPost(client.query(), 100_001);
        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        assertFalse(answer.substring(answer.indexOf("\r\n\r\n") + 4).isEmpty(), answer);
        assertEquals(400, client.get().statusCode());
    }

    /** A POST's head announcing {@code length} bytes, no body; the whole answer, read until the server closes. */
    private static String announcedPost(String query, long length) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) Polling.WAIT.toMillis());
            socket.getOutputStream().write(("POST " + base.getPath() + "?" + query + " HTTP/1.1\r\nHost: "
                    + base.getHost() + "\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: " + length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}

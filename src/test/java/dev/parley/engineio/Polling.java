package dev.parley.engineio;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** An Engine.IO polling client on the JDK HttpClient (HTTP/1.1), for the ITs: each call one request. */
final class Polling {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(20)).build();
    static final Duration WAIT = Duration.ofSeconds(30);

    private final URI base;
    private String sid;

    /** @param base the Engine.IO path, e.g. {@code http://127.0.0.1:PORT/engine.io/} */
    Polling(URI base) {
        this.base = base;
    }

    /** A GET or POST to {@code query} (no {@code ?}). */
    static HttpResponse<String> send(URI base, String method, String query, String body)
            throws IOException, InterruptedException {
        return sendAsync(base, method, query, body).join();
    }

    static CompletableFuture<HttpResponse<String>> sendAsync(URI base, String method, String query, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "?" + query)).timeout(WAIT);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Opens a session; returns the open packet's JSON. */
    JsonObject open() throws IOException, InterruptedException {
        HttpResponse<String> response = send(base, "GET", "EIO=4&transport=polling", null);
        if (response.statusCode() != 200 || !response.body().startsWith("0")) {
            throw new IllegalStateException("handshake: " + response.statusCode() + " " + response.body());
        }
        JsonObject open = Json.createReader(new java.io.StringReader(response.body().substring(1))).readObject();
        sid = open.getString("sid");
        return open;
    }

    String sid() {
        return sid;
    }

    String query() {
        return "EIO=4&transport=polling&sid=" + sid;
    }

    CompletableFuture<HttpResponse<String>> getAsync() {
        return sendAsync(base, "GET", query(), null);
    }

    HttpResponse<String> get() {
        return getAsync().join();
    }

    HttpResponse<String> post(String payload) {
        return sendAsync(base, "POST", query(), payload).join();
    }
}

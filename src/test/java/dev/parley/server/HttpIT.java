package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.deploy.ParleyTarget;
import dev.parley.deploy.TestDeployment;

/** The plain HTTP side: the page at {@code /} and {@code GET /health}. */
@Tag("portable")
class HttpIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final ParleyTarget server = ParleyTarget.of(TestDeployment.DEFAULTS);

    @Test
    void healthSaysUp() throws Exception {
        HttpResponse<String> response = get("/health");
        assertEquals(200, response.statusCode());
        assertEquals("{\"status\":\"UP\"}", response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    @Test
    void rootServesThePage() throws Exception {
        HttpResponse<String> response = get("/");
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("<title>Parley</title>"), response.body());
        assertEquals(200, get("/parley.js").statusCode());
        assertEquals(200, get("/parley.css").statusCode());
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertEquals(404, get("/no-such-page").statusCode());
    }

    @Test
    void theWarDescriptorIsNotServed() throws Exception {
        assertEquals(404, get("/WEB-INF/web.xml").statusCode());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.http(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** One {@code GET /metrics}: each series (name and labels, as written) with its value. */
final class Scrape {
    private final Map<String, Double> series;

    private Scrape(Map<String, Double> series) {
        this.series = series;
    }

    static Scrape of(AttackedServer server) throws Exception {
        URI metrics = server.uri("http", "/metrics");
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        Map<String, Double> series = new LinkedHashMap<>();
        response.body().lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        });
        return new Scrape(series);
    }

    /** The value of {@code name}, e.g. {@code parley_bad_requests_total{kind="json_depth"}}; 0 if absent. */
    double value(String name) {
        return series.getOrDefault(name, 0.0);
    }

    /** The series whose name starts with {@code prefix}, e.g. {@code parley_sessions_closed_total{}. */
    Map<String, Double> startingWith(String prefix) {
        Map<String, Double> matching = new LinkedHashMap<>();
        series.forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                matching.put(name, value);
            }
        });
        return matching;
    }
}

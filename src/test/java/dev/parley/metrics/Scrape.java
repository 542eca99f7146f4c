package dev.parley.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@code GET /metrics} as Prometheus reads it: every sample line, by name and labels. */
public final class Scrape {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** A sample line of the text format: name{labels} value. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+(?:\\{[^}]*})?) (\\S+)$");

    private Scrape() {
    }

    /** The samples at {@code metrics}, keyed {@code name} or {@code name{labels}}; checks status and content type. */
    public static Map<String, Double> of(URI metrics) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        return parse(response.body());
    }

    /** The samples in Prometheus text, keyed as {@link #of} keys them. */
    public static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertTrue(sample.matches(), "not a Prometheus sample line: " + line);
            samples.put(sample.group(1), Double.parseDouble(sample.group(2)));
        }
        return samples;
    }

    /** How much sample {@code name} grew from {@code before} to {@code after} (absent before: from 0). */
    public static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
        assertTrue(after.containsKey(name), name + " in " + after.keySet());
        return after.get(name) - before.getOrDefault(name, 0.0);
    }
}

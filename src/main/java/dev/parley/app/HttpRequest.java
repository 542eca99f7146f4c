package dev.parley.app;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One HTTP request as a {@link Route} sees it, whatever container received it: the head only (a body that a route
 * needs is read by the adapter under {@link HttpRoutes}' body rule and handed over separately).
 *
 * @param method        {@code GET}, {@code POST}, ...
 * @param path          the path without the query (and, in the WAR, without the context path)
 * @param headers       header values by lower-case name (the first value of a repeated header)
 * @param peer          the client's address, for log lines
 * @param contentLength the announced Content-Length; -1 when there is none (a chunked body, or no body)
 * @param query         the query string as sent (still percent-encoded), without the {@code ?}; null if none
 */
public record HttpRequest(String method, String path, Map<String, String> headers, String peer, long contentLength,
                          String query) {
    public HttpRequest {
        headers = Map.copyOf(headers);
    }

    /** A request without a query string. */
    public HttpRequest(String method, String path, Map<String, String> headers, String peer, long contentLength) {
        this(method, path, headers, peer, contentLength, null);
    }

    /** This request with the query string {@code query} (null: none). */
    public HttpRequest withQuery(String query) {
        return new HttpRequest(method, path, headers, peer, contentLength, query);
    }

    /** The query's parameters, decoded (UTF-8), each with its values in order. */
    public Map<String, java.util.List<String>> parameters() {
        Map<String, java.util.List<String>> parameters = new java.util.LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.computeIfAbsent(name, n -> new java.util.ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }

    /**
     * A request as a container received it: {@code names} are its header names as the container lists them,
     * {@code value} gives a header's first value; each is kept under its lower-case name, the first of names that
     * differ only in case.
     */
    public static HttpRequest of(String method, String path, Iterable<String> names, UnaryOperator<String> value,
                                 String peer, long contentLength) {
        Map<String, String> headers = new HashMap<>();
        for (String name : names) {
            headers.putIfAbsent(name.toLowerCase(Locale.ROOT), value.apply(name));
        }
        return new HttpRequest(method, path, headers, peer, contentLength);
    }

    /** A request without headers or body, as the tests and {@code GET} probes make. */
    public static HttpRequest of(String method, String path) {
        return new HttpRequest(method, path, Map.of(), "-", -1);
    }

    /** {@code GET} or {@code HEAD}: the methods of a route that only shows something. */
    public boolean isGetOrHead() {
        return method.equals("GET") || method.equals("HEAD");
    }

    /** The header's value, case-insensitively; null when absent. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** This request with one more header, for tests. */
    public HttpRequest withHeader(String name, String value) {
        Map<String, String> more = new HashMap<>(headers);
        more.put(name.toLowerCase(Locale.ROOT), value);
        return new HttpRequest(method, path, more, peer, contentLength, query);
    }

    /** This request announcing a body of {@code length} bytes. */
    public HttpRequest withContentLength(long length) {
        return new HttpRequest(method, path, headers, peer, length, query);
    }
}

package dev.parley.admin;

import java.util.function.UnaryOperator;

/**
 * One request to the admin page or API as the admin sees it, container-free: method, path (without the context
 * path), the client's address (for log lines) and its headers, looked up case-insensitively by {@code header}.
 */
public record AdminRequest(String method, String path, String peer, UnaryOperator<String> headers) {
    /** The header's value; null when absent. */
    String header(String name) {
        return headers.apply(name);
    }

    boolean isGetOrHead() {
        return method.equals("GET") || method.equals("HEAD");
    }
}

package dev.parley.app;

import java.util.function.Supplier;

/**
 * A route that only shows something ({@code /health}, {@code /metrics}): {@code GET} and {@code HEAD} get
 * {@code page}'s reply, made per request; any other method gets 405 with {@code Allow: GET, HEAD}. It reads no body.
 */
record GetRoute(String path, Supplier<HttpReply> page) implements Route {
    @Override
    public HttpReply head(HttpRequest request) {
        return request.isGetOrHead() ? page.get() : HttpReply.notAllowed("GET, HEAD");
    }
}

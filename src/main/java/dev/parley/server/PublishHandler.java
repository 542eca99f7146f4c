package dev.parley.server;

import java.io.IOException;
import java.io.InputStream;

import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import dev.parley.chat.PublishApi;

/** The publish API on the embedded server: Grizzly's request in, {@link PublishApi}'s reply out. */
final class PublishHandler extends HttpHandler {
    private final PublishApi api;

    PublishHandler(PublishApi api) {
        this.api = api;
    }

    @Override
    public void service(Request request, Response response) throws IOException {
        PublishApi.Reply reply = api.handle(request.getMethod().getMethodString(), request.getRequestURI(),
                request.getHeader("Authorization"), body(request));
        response.setStatus(reply.status());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(reply.json());
    }

    /**
     * Exactly Content-Length bytes, or null when that is over the limit. Reading to end of stream would not do:
     * a request that offers an upgrade (Java's HttpClient offers h2c) makes Grizzly treat the body as an open
     * stream.
     */
    private static byte[] body(Request request) throws IOException {
        long length = request.getContentLengthLong();
        if (length > PublishApi.MAX_BODY_BYTES) {
            return null;
        }
        try (InputStream in = request.getInputStream()) {
            if (length >= 0) {
                return in.readNBytes((int) length);
            }
            byte[] chunked = in.readNBytes(PublishApi.MAX_BODY_BYTES + 1);
            return chunked.length > PublishApi.MAX_BODY_BYTES ? null : chunked;
        }
    }
}

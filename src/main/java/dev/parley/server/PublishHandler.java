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
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(PublishApi.MAX_BODY_BYTES + 1);
        }
        PublishApi.Reply reply = api.handle(request.getMethod().getMethodString(), request.getRequestURI(),
                request.getHeader("Authorization"), body.length > PublishApi.MAX_BODY_BYTES ? null : body);
        response.setStatus(reply.status());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(reply.json());
    }
}

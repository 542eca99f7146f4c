package dev.parley.war;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.parley.chat.PublishApi;

/** The publish API in the WAR: the servlet request in, {@link PublishApi}'s reply out. */
final class PublishServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient PublishApi api;

    PublishServlet(PublishApi api) {
        this.api = api;
    }

    /**
     * The cheap checks first (no body is read for a request refused anyway), then the body. The read blocks, but on
     * one of the app server's request threads, not on a selector: a client that announces a body and never sends it
     * holds that thread until the app server's own read timeout ends it (docs/limits.md, "HTTP connections").
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        PublishApi.Reply reply = api.refusal(request.getMethod(), path, request.getHeader("Authorization"));
        if (reply == null) {
            reply = api.publish(path, request.getContentLengthLong() > PublishApi.MAX_BODY_BYTES ? null : body(request));
        }
        response.setStatus(reply.status());
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write(reply.json());
    }

    /** At most {@link PublishApi#MAX_BODY_BYTES}; null when the body is longer. */
    private static byte[] body(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(PublishApi.MAX_BODY_BYTES + 1);
            return body.length > PublishApi.MAX_BODY_BYTES ? null : body;
        }
    }
}

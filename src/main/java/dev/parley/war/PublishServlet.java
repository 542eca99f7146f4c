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

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long length = request.getContentLengthLong();
        byte[] body = null;
        if (length <= PublishApi.MAX_BODY_BYTES) {
            try (InputStream in = request.getInputStream()) {
                body = in.readNBytes(PublishApi.MAX_BODY_BYTES + 1);
            }
            if (body.length > PublishApi.MAX_BODY_BYTES) {
                body = null;
            }
        }
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        PublishApi.Reply reply = api.handle(request.getMethod(), path, request.getHeader("Authorization"), body);
        response.setStatus(reply.status());
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write(reply.json());
    }
}

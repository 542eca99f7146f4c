package dev.parley.war;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.parley.metrics.Metrics;

/** {@code GET /metrics} in the WAR: Prometheus text, as on the embedded server. */
final class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient Metrics metrics;

    MetricsServlet(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType(Metrics.contentType());
        response.setHeader("Cache-Control", "no-store");
        metrics.write(response.getOutputStream());
    }
}

package dev.parley.war;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /health} in the WAR: {@code 200 {"status":"UP"}}, as on the embedded server; {@code 503
 * {"status":"STOPPING"}} once the web application is being destroyed, if the app server still routes it here.
 */
final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private volatile boolean stopping;

    void stopping() {
        stopping = true;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        if (stopping) {
            response.setStatus(503);
            response.setHeader("Retry-After", "5");
            response.getWriter().write("{\"status\":\"STOPPING\"}");
        } else {
            response.getWriter().write("{\"status\":\"UP\"}");
        }
    }
}

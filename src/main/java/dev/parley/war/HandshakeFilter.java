package dev.parley.war;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import dev.parley.origin.ContainerHandshake;
import dev.parley.origin.OriginCheck;
import dev.parley.origin.Refusal;

/**
 * The WAR's handshake edge. JSR 356 lets a {@code Configurator} neither refuse an upgrade with a status nor learn the
 * client's address, so this servlet filter, mapped to the endpoints' paths ahead of the app server's WebSocket filter,
 * makes each endpoint's {@link OriginCheck#check} first and answers a refusal itself (status, {@value
 * OriginCheck#ERROR_HEADER}, {@code Retry-After} on 503, one log line, one count), exactly as the embedded server's
 * Tyrus does; an upgrade it lets through goes on to the WebSocket filter with the client's address handed over.
 *
 * <p>The handover: the app server's WebSocket filter runs the handshake ({@code modifyHandshake}) on this filter's
 * thread, inside {@code chain.doFilter}, so the address is kept in a thread-local for exactly that call. The
 * configurator checks again there (the same decision, which then admits), and a refusal only it sees (a name
 * claimed in between) closes the session as it opens ({@link ContainerHandshake#refuse}).
 */
final class HandshakeFilter implements Filter, ContainerHandshake {
    private static final ThreadLocal<String> CLIENT = new ThreadLocal<>();

    private final Map<String, OriginCheck> checks = new ConcurrentHashMap<>();

    /** Guards the endpoint {@code config} deploys (its configurator must be an {@link OriginCheck}); returns it. */
    ServerEndpointConfig guard(ServerEndpointConfig config) {
        checks.put(config.getPath(), (OriginCheck) config.getConfigurator());
        return config;
    }

    /**
     * Registers this filter for every guarded path, ahead of the filters the app server added (Tyrus's). It supports
     * asynchronous requests: a path can also be a route's ({@code /socket.io/}: Engine.IO's polling, whose held GET
     * and body reads are asynchronous in {@link RouteServlet}), and a filter that does not would make the servlet's
     * {@code startAsync} throw.
     */
    void register(ServletContext context) {
        FilterRegistration.Dynamic filter = context.addFilter("parley-handshake", this);
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false,
                checks.keySet().toArray(String[]::new));
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String path = http.getRequestURI().substring(http.getContextPath().length());
        OriginCheck check = isUpgrade(http) ? checks.get(path) : null;
        if (check == null) {
            chain.doFilter(request, response);
            return;
        }
        Refusal refusal = check.check(headers(http), parameters(http), new HashMap<>());
        if (refusal != null) {
            check.refused(path, refusal);
            HttpServletResponse answer = (HttpServletResponse) response;
            answer.setHeader(OriginCheck.ERROR_HEADER, refusal.reason());
            if (refusal.status() == 503) {
                answer.setHeader("Retry-After", "5"); // a stopping WAR: the app server's restart
            }
            answer.sendError(refusal.status()); // as Tyrus answers a failed handshake in a servlet container
            return;
        }
        CLIENT.set(http.getRemoteAddr());
        try {
            chain.doFilter(request, response);
        } finally {
            CLIENT.remove();
        }
    }

    /** What the WebSocket filter would take for an upgrade to hand to the endpoint: else it is left to it. */
    private static boolean isUpgrade(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && request.getHeader(HandshakeRequest.SEC_WEBSOCKET_KEY) != null
                && "13".equals(request.getHeader(HandshakeRequest.SEC_WEBSOCKET_VERSION))
                && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    }

    /** The headers as the WebSocket container gives them to a configurator: each value split at commas. */
    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            List<String> values = headers.computeIfAbsent(name, n -> new ArrayList<>());
            for (String value : Collections.list(request.getHeaders(name))) {
                for (String part : value.split(",")) {
                    if (!part.isBlank()) {
                        values.add(part.trim());
                    }
                }
            }
        }
        return headers;
    }

    private static Map<String, List<String>> parameters(HttpServletRequest request) {
        Map<String, List<String>> parameters = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> parameters.put(name, List.of(values)));
        return parameters;
    }

    @Override
    public String clientAddress(HandshakeRequest request) {
        return CLIENT.get();
    }

    /** Returns: a configurator cannot refuse with a status here; this filter has refused what it could see. */
    @Override
    public void refuse(HandshakeResponse response, int status, String reason) {
    }
}

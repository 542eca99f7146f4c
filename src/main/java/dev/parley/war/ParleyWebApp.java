package dev.parley.war;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;

import dev.parley.chat.ChatConfig;
import dev.parley.chat.ChatEndpoint;
import dev.parley.chat.ChatService;
import dev.parley.chat.PublishApi;
import dev.parley.metrics.Metrics;
import dev.parley.session.Sessions;

/**
 * The WAR's bootstrap on Payara/GlassFish. The app server deploys the annotated {@code /echo} and
 * {@code /broadcast} itself; this listener adds {@code /chat} (a programmatic endpoint built with its
 * {@link ChatService}), the publish API and {@code /health}. Settings come from context parameters named like
 * the {@code serve} options ({@code parley.auth-secret}, {@code parley.api-key}, ...).
 */
@WebListener
public final class ParleyWebApp implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(ParleyWebApp.class.getName());
    private static final String CONTAINER = "jakarta.websocket.server.ServerContainer";

    private ChatService chat;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        ServerContainer container = (ServerContainer) context.getAttribute(CONTAINER);
        Metrics metrics = Sessions.of(container).metrics();
        chat = new ChatService(chatConfig(context), metrics);
        try {
            container.addEndpoint(ChatEndpoint.config(chat));
        } catch (DeploymentException e) {
            throw new IllegalStateException("cannot deploy " + ChatEndpoint.PATH + ": " + e.getMessage(), e);
        }
        context.addServlet("parley-publish", new PublishServlet(new PublishApi(chat)))
                .addMapping(PublishApi.PREFIX + "*");
        context.addServlet("parley-health", new HealthServlet()).addMapping("/health");
        context.addServlet("parley-metrics", new MetricsServlet(metrics)).addMapping("/metrics");
        LOG.info("Parley deployed at " + context.getContextPath());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (chat != null) {
            chat.close();
        }
    }

    static ChatConfig chatConfig(ServletContext context) {
        ChatConfig defaults = ChatConfig.DEFAULTS;
        Function<String, String> param = name -> {
            String value = context.getInitParameter("parley." + name);
            return value == null || value.isBlank() ? null : value.trim();
        };
        String origins = param.apply("allowed-origins");
        Set<String> allowed = origins == null ? Set.of()
                : new LinkedHashSet<>(Arrays.asList(origins.split("\\s*,\\s*")));
        return new ChatConfig(param.apply("auth-secret"), allowed, param.apply("api-key"),
                intParam(param.apply("history-size"), defaults.historySize()), defaults.maxTextBytes(),
                param.apply("rate") == null ? defaults.ratePerSecond() : Double.parseDouble(param.apply("rate")),
                intParam(param.apply("burst"), defaults.burst()),
                millisParam(param.apply("ping-interval"), defaults.pingInterval()),
                millisParam(param.apply("ping-timeout"), defaults.pingTimeout()));
    }

    private static int intParam(String value, int fallback) {
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static Duration millisParam(String value, Duration fallback) {
        return value == null ? fallback : Duration.ofMillis(Long.parseLong(value));
    }
}

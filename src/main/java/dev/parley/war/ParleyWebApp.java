package dev.parley.war;

import java.util.logging.Logger;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;

import dev.parley.broadcast.BroadcastEndpoint;
import dev.parley.chat.ChatConfig;
import dev.parley.chat.ChatEndpoint;
import dev.parley.chat.ChatService;
import dev.parley.chat.PublishApi;
import dev.parley.chat.SessionDelivery;
import dev.parley.echo.EchoEndpoint;
import dev.parley.metrics.Metrics;
import dev.parley.origin.OriginPolicy;
import dev.parley.session.Limits;
import dev.parley.session.FrameSink;
import dev.parley.session.Sessions;
import dev.parley.settings.Settings;

/**
 * The WAR's bootstrap on Payara/GlassFish. This listener deploys the WebSocket endpoints {@code /echo},
 * {@code /broadcast} and {@code /chat} (programmatic endpoints made by their configurators with this application's
 * {@link Sessions}, the chat's with its {@link ChatService}; their refusals answered by a {@link HandshakeFilter}),
 * the publish API, {@code /health} and {@code /metrics}. Settings come from context
 * parameters named like the {@code serve} options ({@code parley.max-message-size}, {@code parley.auth-secret},
 * {@code parley.api-key}, ...: {@link dev.parley.settings.Setting}); an absent one keeps the declared default, and a
 * bad one fails the deployment with a message naming it. The caps are installed here, before
 * the first session can open (the container serves nothing until its listeners have run).
 */
@WebListener
public final class ParleyWebApp implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(ParleyWebApp.class.getName());
    private static final String CONTAINER = "jakarta.websocket.server.ServerContainer";
    /** Tyrus's per-frame buffer in the servlet container; WEB-INF/web.xml sets it, Tyrus reads it at startup. */
    static final String TYRUS_FRAME_BUFFER = "org.glassfish.tyrus.servlet.incoming-buffer-size";

    private Sessions sessions;
    private ChatService<Session> chat;
    private HealthServlet health;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        ServerContainer container = (ServerContainer) context.getAttribute(CONTAINER);
        Limits limits = limits(context);
        warnIfTyrusBuffersLess(context, limits);
        // The JSR 356 send path: the raw frame path reaches into the Tyrus of the embedded server, not the app server's.
        sessions = new Sessions(limits, FrameSink::async);
        Metrics metrics = sessions.metrics();
        ChatConfig chatConfig = chatConfig(context);
        sessions.startLiveness(chatConfig.pingInterval(), chatConfig.pingTimeout()); // every endpoint's pings
        chat = new ChatService<>(chatConfig, metrics, new SessionDelivery(sessions));
        // The app server does not tell the application its address: see OriginPolicy.forWebApp for the default.
        OriginPolicy origins = OriginPolicy.forWebApp(chatConfig.publicOrigins(), chatConfig.allowedOrigins());
        HandshakeFilter handshakes = new HandshakeFilter(); // refusals as HTTP statuses, before the upgrade
        try {
            container.addEndpoint(handshakes.guard(EchoEndpoint.config(sessions, origins, handshakes)));
            container.addEndpoint(handshakes.guard(BroadcastEndpoint.config(sessions, origins, handshakes)));
            container.addEndpoint(handshakes.guard(ChatEndpoint.config(sessions, chat, origins, handshakes)));
        } catch (DeploymentException e) {
            throw new IllegalStateException("cannot deploy the WebSocket endpoints: " + e.getMessage(), e);
        }
        handshakes.register(context);
        context.addServlet("parley-publish", new PublishServlet(new PublishApi(chat)))
                .addMapping(PublishApi.PREFIX + "*");
        health = new HealthServlet();
        context.addServlet("parley-health", health).addMapping("/health");
        context.addServlet("parley-metrics", new MetricsServlet(metrics)).addMapping("/metrics");
        LOG.info(() -> "Parley deployed at " + context.getContextPath() + " with " + limits + " origins=" + origins);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        // The embedded server's shutdown, as far as a web application can (docs/deploy.md): /health says STOPPING, new
        // chat handshakes get 503, open sessions get 1001 without chat presence, one line at the start and the end.
        // The app server has usually stopped routing requests here already, and it does not wait for the close
        // handshakes: there is no grace.
        if (health != null) {
            health.stopping();
        }
        if (chat != null) {
            chat.shutdown();
        }
        if (sessions != null) {
            int open = sessions.all().size();
            LOG.info(() -> "event=shutdown-start sessions=" + open + " grace_ms=0");
            sessions.closeAll(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "server shutting down"));
            LOG.info(() -> "event=shutdown-end sessions_closed=" + open);
            sessions.stop();
        }
        if (chat != null) {
            chat.close();
        }
    }

    /**
     * The caps from the context parameters ({@link Settings#fromContextParameters}): {@code parley.max-message-size},
     * {@code parley.outbound-max-*}, {@code parley.max-connections-per-address} (kept by {@code Sessions}, as on the
     * embedded server; the app server's {@code org.glassfish.tyrus.maxSessionsPerRemoteAddr} may add its own) and
     * {@code parley.outbound-budget-bytes}. The inbound side is the app server's: Parley has no guard in front of its
     * reads, so the embedded server's frame and inbound budgets keep their defaults, unused.
     */
    static Limits limits(ServletContext context) {
        return settings(context).limits();
    }

    /** A message cap above Tyrus's frame buffer would turn 1009 into Tyrus's 1011 for large single frames. */
    private static void warnIfTyrusBuffersLess(ServletContext context, Limits limits) {
        String buffer = context.getInitParameter(TYRUS_FRAME_BUFFER);
        if (buffer != null && Long.parseLong(buffer.trim()) < limits.frameBufferBytes()) {
            LOG.warning(() -> "event=config " + TYRUS_FRAME_BUFFER + "=" + buffer.trim() + " is below "
                    + limits.frameBufferBytes() + " (parley.max-message-size plus frame header and slack): "
                    + "raise it in WEB-INF/web.xml, or frames near the cap are refused with 1011");
        }
    }

    /** How {@code /chat} and the publish API behave, from the {@code parley.*} context parameters. */
    static ChatConfig chatConfig(ServletContext context) {
        return settings(context).chat();
    }

    private static Settings settings(ServletContext context) {
        return Settings.fromContextParameters(context::getInitParameter);
    }
}

package dev.parley.war;

import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;

import dev.parley.app.ParleyApp;
import dev.parley.app.SetupException;
import dev.parley.chat.ChatConfig;
import dev.parley.redis.RedisSettings;
import dev.parley.origin.OriginPolicy;
import dev.parley.session.FrameSink;
import dev.parley.session.Limits;
import dev.parley.settings.Setting;
import dev.parley.settings.Settings;

/**
 * The WAR's bootstrap on Payara/GlassFish. This listener deploys the application ({@link ParleyApp}: the WebSocket
 * endpoints, each with the origin policy, the chat, and {@code /socket.io/}'s Engine.IO WebSocket endpoint) into the
 * app server's WebSocket container, answers their refusals in a {@link HandshakeFilter} before the upgrade, and
 * serves its HTTP routes ({@code /health}, {@code /metrics}, the publish API, Engine.IO's polling) through one
 * {@link RouteServlet}. Settings come from context parameters named like the {@code serve} options
 * ({@code parley.max-message-size}, {@code parley.auth-secret}, {@code parley.api-key}, ...: {@link Setting}); an
 * absent one keeps the declared default, and a bad one fails the deployment with a message naming it, as does a class
 * named by {@code parley.socketio-namespaces} that cannot be loaded or set up (one line, no stack trace). The caps
 * are installed here, before the first session can open (the container serves nothing until its listeners have run).
 */
@WebListener
public final class ParleyWebApp implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(ParleyWebApp.class.getName());
    private static final String CONTAINER = "jakarta.websocket.server.ServerContainer";
    /** Tyrus's per-frame buffer in the servlet container; WEB-INF/web.xml sets it, Tyrus reads it at startup. */
    static final String TYRUS_FRAME_BUFFER = "org.glassfish.tyrus.servlet.incoming-buffer-size";
    /** What {@code /health}'s {@code Retry-After} says once the web application stops. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private ParleyApp app;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        try {
            deploy(context);
        } catch (IllegalArgumentException | SetupException e) { // a bad parameter, or a namespace class unusable
            LOG.severe(() -> "event=deploy-failed context=" + context.getContextPath() + " reason=" + e.getMessage());
            throw new NotDeployed(e.getMessage());
        }
    }

    private void deploy(ServletContext context) {
        ServerContainer container = (ServerContainer) context.getAttribute(CONTAINER);
        Settings settings = settings(context);
        Limits limits = limits(context);
        warnIfTyrusBuffersLess(context, limits);
        ChatConfig chatConfig = chatConfig(context);
        // The app server does not tell the application its address: see OriginPolicy.forWebApp for the default.
        OriginPolicy origins = OriginPolicy.forWebApp(chatConfig.publicOrigins(), chatConfig.allowedOrigins());
        HandshakeFilter handshakes = new HandshakeFilter(); // refusals as HTTP statuses, before the upgrade
        try {
            // The JSR 356 send path (no raw frames): that path reaches into the embedded server's Tyrus. The body
            // timeout is the embedded server's default (no context parameter sets it); Retry-After a restart's time.
            // /socket.io/ as on the embedded server: its polling route on the one servlet, its WebSocket endpoint in
            // the container, the chat as its namespace /chat, the classes of parley.socketio-namespaces theirs.
            app = ParleyApp.deploy(container, new ParleyApp.Settings(limits, chatConfig, FrameSink::async,
                    Settings.defaults().millis(Setting.HTTP_BODY_TIMEOUT), RETRY_AFTER,
                    RedisSettings.from(settings).orElse(null),
                    List.of(ParleyApp.socketIo(ParleyApp.socketIoConfig(limits, chatConfig,
                                    settings.integer(Setting.SOCKETIO_MAX_PAYLOAD)),
                            List.copyOf(settings.list(Setting.SOCKETIO_NAMESPACES))))), origins, handshakes);
        } catch (DeploymentException e) {
            throw new IllegalStateException("cannot deploy the WebSocket endpoints: " + e.getMessage(), e);
        }
        app.endpoints().forEach(handshakes::guard);
        handshakes.register(context);
        ServletRegistration.Dynamic routes = context.addServlet("parley-routes", new RouteServlet(app.routes()));
        routes.setAsyncSupported(true); // bodies are read without holding a request thread
        app.routes().routes().forEach(route -> routes.addMapping(route.mapping()));
        LOG.info(() -> "Parley deployed at " + context.getContextPath() + " with " + limits + " origins=" + origins);
    }

    /**
     * The embedded server's shutdown, as far as a web application can (docs/deploy.md): /health says STOPPING, new
     * chat handshakes get 503, open sessions get 1001 without chat presence, one line at the start and the end. The
     * app server has usually stopped routing requests here already, and it does not wait for the close handshakes:
     * there is no grace.
     */
    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (app != null) {
            app.stop(new ParleyApp.ContainerStop() {
                @Override
                public String startFields() {
                    return " grace_ms=0";
                }

                @Override
                public String drain() {
                    return "";
                }
            });
        }
    }

    /**
     * The caps from the context parameters ({@link Settings#fromContextParameters}): {@code parley.max-message-size},
     * {@code parley.outbound-max-*}, {@code parley.max-connections-per-address} (kept by {@code Sessions}, as on the
     * embedded server; the app server's {@code org.glassfish.tyrus.maxSessionsPerRemoteAddr} may add its own) and
     * {@code parley.outbound-budget-bytes}. The WebSocket reads are the app server's: Parley has no guard in front of
     * them, so the embedded server's frame budgets keep their defaults, unused; {@code parley.inbound-budget-bytes}
     * bounds only what Socket.IO keeps of binary packets waiting for their attachments.
     */
    static Limits limits(ServletContext context) {
        return Limits.from(settings(context));
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
        return ChatConfig.from(settings(context));
    }

    private static Settings settings(ServletContext context) {
        return Settings.fromContextParameters(context::getInitParameter);
    }

    /**
     * The deployment stops: a context parameter is bad, or a class it names cannot be used. The message says which
     * and why in one line (logged once before); no stack trace, which would show only this listener.
     */
    static final class NotDeployed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotDeployed(String message) {
            super(message, null, false, false);
        }
    }
}

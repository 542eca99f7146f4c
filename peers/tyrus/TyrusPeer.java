// Stock Tyrus peer (peers/README.md): Tyrus's own engine on a Grizzly listener bound to 127.0.0.1, no Parley
// code (so no WireGuard). Tyrus's org.glassfish.tyrus.server.Server would bind every interface whatever host it is
// given; this is the same engine and add-on with the listener made here. Every setting is Tyrus's default but the
// 64 KiB message cap of every peer (@OnMessage(maxMessageSize)).
// /echo returns each message from @OnMessage; /broadcast sends each text message to every open session of the
// endpoint with the portable JSR 356 loop over getOpenSessions() and getAsyncRemote().
// Usage: java -cp target/parley.jar peers/tyrus/TyrusPeer.java PORT
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;

import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

public final class TyrusPeer {
    /** The message cap of every peer (peers/README.md); an annotation takes a constant. */
    static final int CAP = 65536;

    @ServerEndpoint("/echo")
    public static final class Echo {
        @OnMessage(maxMessageSize = CAP)
        public String text(String message) {
            return message;
        }

        @OnMessage(maxMessageSize = CAP)
        public ByteBuffer binary(ByteBuffer message) {
            return message;
        }
    }

    @ServerEndpoint("/broadcast")
    public static final class Broadcast {
        @OnMessage(maxMessageSize = CAP)
        public void broadcast(Session session, String message) {
            for (Session peer : session.getOpenSessions()) {
                peer.getAsyncRemote().sendText(message);
            }
        }
    }

    /** Tyrus's container with its default engine, registered at "/". */
    static final class Container extends TyrusServerContainer {
        private final TyrusWebSocketEngine engine = TyrusWebSocketEngine.builder(this).build();

        Container() {
            super(Set.of(Echo.class, Broadcast.class));
        }

        @Override
        public void register(Class<?> endpoint) throws DeploymentException {
            engine.register(endpoint, "/");
        }

        @Override
        public void register(ServerEndpointConfig config) throws DeploymentException {
            engine.register(config, "/");
        }

        @Override
        public WebSocketEngine getWebSocketEngine() {
            return engine;
        }

        @Override
        public Map<String, Object> getProperties() {
            return Map.of();
        }
    }

    /** Tyrus's version from its Maven metadata (kept in the shaded jar), for the first line of the log. */
    static String version() throws java.io.IOException {
        Properties pom = new Properties();
        try (InputStream in = TyrusPeer.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.glassfish.tyrus/tyrus-core/pom.properties")) {
            if (in != null) {
                pom.load(in);
            }
        }
        return pom.getProperty("version", "(version unknown)");
    }

    public static void main(String[] args) throws Exception {
        Container container = new Container();
        HttpServer http = new HttpServer();
        NetworkListener listener = new NetworkListener("peer", "127.0.0.1", Integer.parseInt(args[0]));
        listener.registerAddOn(new WebSocketAddOn(container, "/"));
        http.addListener(listener);
        http.start();
        container.start("/", listener.getPort());
        System.out.println("Tyrus " + version() + " (stock) on ws://127.0.0.1:" + listener.getPort()
                + " (/echo, /broadcast)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.shutdownNow();
            stopped.countDown();
        }));
        stopped.await();
    }
}

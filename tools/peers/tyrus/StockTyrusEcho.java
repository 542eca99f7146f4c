// Stock Tyrus 2.2.2 echo server for tools/conformance-five-servers.sh: Tyrus's own engine on a Grizzly listener
// bound to 127.0.0.1 (Tyrus's org.glassfish.tyrus.server.Server would bind every interface), no Parley code.
// Run with the project's classpath:  java -cp "$CLASSPATH" tools/peers/tyrus/StockTyrusEcho.java PORT
import java.nio.ByteBuffer;
import java.util.Map;
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

public final class StockTyrusEcho {
    /** The cap every peer of the five-server run gets: 64 KiB messages. */
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

    /** Tyrus's container with its default engine, registered at "/". */
    static final class Container extends TyrusServerContainer {
        private final TyrusWebSocketEngine engine = TyrusWebSocketEngine.builder(this).build();

        Container() {
            super(Set.of(Echo.class));
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

    public static void main(String[] args) throws Exception {
        Container container = new Container();
        HttpServer http = new HttpServer();
        NetworkListener listener = new NetworkListener("echo", "127.0.0.1", Integer.parseInt(args[0]));
        listener.registerAddOn(new WebSocketAddOn(container, "/"));
        http.addListener(listener);
        http.start();
        container.start("/", listener.getPort());
        System.out.println("stock Tyrus echo on ws://127.0.0.1:" + listener.getPort() + "/echo");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.shutdownNow();
            stopped.countDown();
        }));
        stopped.await();
    }
}

package dev.parley.peers;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketClose;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketMessage;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketOpen;
import org.eclipse.jetty.websocket.api.annotations.WebSocket;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The Jetty 12 peer (peers/README.md), Jetty's own WebSocket API: /echo returns every message, /broadcast sends every
 * text message to every session on /broadcast, the sender included, by looping over them. On 127.0.0.1; text, binary
 * and frame caps of 64 KiB like every peer; no compression is negotiated (neither client offers it); idle timeout one
 * hour. Usage: java -jar peers/jetty/target/jetty-peer.jar PORT
 */
public final class JettyPeer {
    private static final int CAP = 65536;
    private static final Set<Session> SUBSCRIBERS = ConcurrentHashMap.newKeySet();

    @WebSocket
    public static final class Echo {
        @OnWebSocketMessage
        public void text(Session session, String message) {
            session.sendText(message, Callback.NOOP);
        }

        @OnWebSocketMessage
        public void binary(Session session, ByteBuffer message, Callback callback) {
            session.sendBinary(message, callback);
        }
    }

    @WebSocket
    public static final class Broadcast {
        @OnWebSocketOpen
        public void open(Session session) {
            SUBSCRIBERS.add(session);
        }

        @OnWebSocketMessage
        public void text(Session session, String message) {
            for (Session peer : SUBSCRIBERS) {
                if (peer.isOpen()) {
                    peer.sendText(message, Callback.NOOP);
                }
            }
        }

        @OnWebSocketClose
        public void close(Session session, int status, String reason) {
            SUBSCRIBERS.remove(session);
        }
    }

    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(CAP);
            container.setMaxBinaryMessageSize(CAP);
            container.setMaxFrameSize(CAP);
            container.setIdleTimeout(Duration.ofHours(1));
            container.addMapping("/echo", (request, response, callback) -> new Echo());
            container.addMapping("/broadcast", (request, response, callback) -> new Broadcast());
        }));
        server.setStopAtShutdown(true);
        server.start();
        System.out.println("Jetty " + Server.getVersion() + " on ws://127.0.0.1:" + connector.getLocalPort()
                + " (/echo, /broadcast)");
        server.join();
    }
}

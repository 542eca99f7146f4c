package dev.parley.peers;

import java.nio.ByteBuffer;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketMessage;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketOpen;
import org.eclipse.jetty.websocket.api.annotations.WebSocket;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Jetty 12 echo on 127.0.0.1 with a 64 KiB message and frame cap, for tools/conformance-five-servers.sh.
 * Usage: java -cp target/classes:$(cat target/classpath.txt) dev.parley.peers.JettyEcho PORT
 */
public final class JettyEcho {
    private static final int CAP = 65536;

    /** Sends every message back. */
    @WebSocket
    public static final class Echo {
        private Session session;

        @OnWebSocketOpen
        public void open(Session opened) {
            this.session = opened;
        }

        @OnWebSocketMessage
        public void text(String message) {
            session.sendText(message, Callback.NOOP);
        }

        @OnWebSocketMessage
        public void binary(ByteBuffer message, Callback callback) {
            session.sendBinary(message, callback);
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
            container.addMapping("/echo", (request, response, callback) -> new Echo());
        }));
        server.start();
        System.out.println("Jetty " + Server.getVersion() + " echo on ws://127.0.0.1:" + connector.getLocalPort()
                + "/echo");
        server.join();
    }
}

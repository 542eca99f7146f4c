import java.util.concurrent.CountDownLatch;

import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import org.glassfish.tyrus.server.Server;

/**
 * Stock Tyrus 2.2.2 on Grizzly, as its documentation sets it up: org.glassfish.tyrus.server.Server with annotated
 * endpoints and every default (WorkerThreadIOStrategy, idle timeout 0, no caps; note that this Server binds 0.0.0.0
 * whatever host it is given). /echo returns each text message from @OnMessage; /broadcast sends each text message to
 * every open session of the endpoint with the portable JSR 356 loop over getOpenSessions() and getAsyncRemote().
 * Usage: java -cp target/parley.jar bench/peers/tyrus/TyrusPeer.java PORT
 */
public final class TyrusPeer {
    @ServerEndpoint("/echo")
    public static final class Echo {
        @OnMessage
        public String echo(String message) {
            return message;
        }
    }

    @ServerEndpoint("/broadcast")
    public static final class Broadcast {
        @OnMessage
        public void broadcast(Session session, String message) {
            for (Session peer : session.getOpenSessions()) {
                peer.getAsyncRemote().sendText(message);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8025;
        Server server = new Server("127.0.0.1", port, "/", null, Echo.class, Broadcast.class);
        server.start();
        System.out.println("tyrus on " + port);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stop.countDown();
        }));
        stop.await();
    }
}

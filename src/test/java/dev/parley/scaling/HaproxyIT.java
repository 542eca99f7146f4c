package dev.parley.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.chat.ChatConfig;
import dev.parley.client.RecordingClient;
import dev.parley.deploy.ServerProcess;
import dev.parley.server.Config;
import dev.parley.server.ParleyServer;
import dev.parley.server.RunningServer;

/**
 * The load balancer of docs/scaling.md on its own, over nodes with the in-memory store: WebSockets pass the upgrade
 * and stay open through it, two connections open at once land on two nodes, and a node that stops leaves the
 * rotation while the others serve on.
 */
class HaproxyIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Started after the nodes; made first, for its origin, which the nodes allow. */
    @RegisterExtension
    @Order(3)
    static final Haproxy lb = Haproxy.of(() -> List.of(HaproxyIT.a.http("/"), HaproxyIT.b.http("/")));
    @RegisterExtension
    @Order(1)
    static final RunningServer a = new RunningServer(HaproxyIT::behindTheBalancer);
    @RegisterExtension
    @Order(2)
    static final RunningServer b = new RunningServer(HaproxyIT::behindTheBalancer);

    private static Config behindTheBalancer(Config config) {
        return config.withChat(config.chat().withAllowedOrigins(Set.of(lb.origin())));
    }

    @Test
    void webSocketsPassTheBalancerAndSpreadOverTheNodes() throws Exception {
        try (RecordingClient first = RecordingClient.connect(lb.ws("/echo"));
             RecordingClient second = RecordingClient.connect(lb.ws("/echo"))) {
            first.send("one");
            second.send("two");
            assertEquals("one", first.nextText());
            assertEquals("two", second.nextText());
            assertEquals(List.of(1, 1), List.of(NodeMetrics.sessionsOpen(a.http("/")),
                    NodeMetrics.sessionsOpen(b.http("/"))), "one connection on each node (leastconn)");
        }
    }

    @Test
    void healthAnswersThroughTheBalancer() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(lb.http("/health")).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertEquals("{\"status\":\"UP\"}", health.body());
    }

    @Test
    void aStoppedNodeLeavesTheRotationAndTheOtherServes() throws Exception {
        int port = ServerProcess.freeLoopbackPort();
        Config config = Config.defaults().withPort(0).withChat(
                ChatConfig.DEFAULTS.withAllowedOrigins(Set.of("http://127.0.0.1:" + port)));
        ParleyServer staying = ParleyServer.start(config);
        ParleyServer leaving = ParleyServer.start(config);
        URI leavingBase = leaving.uri("http", "/");
        try (Haproxy two = Haproxy.start(port, List.of(staying.uri("http", "/"), leavingBase))) {
            leaving.stop();
            two.awaitNode(leavingBase, "DOWN", WAIT);
            for (int n = 0; n < 3; n++) {
                try (RecordingClient client = RecordingClient.connect(two.ws("/echo"))) {
                    client.send("still here " + n);
                    assertEquals("still here " + n, client.nextText());
                }
            }
        } finally {
            leaving.stop();
            staying.stop();
        }
    }
}

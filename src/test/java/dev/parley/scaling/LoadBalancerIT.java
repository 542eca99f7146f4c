package dev.parley.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.chat.ChatClient;
import dev.parley.json.JsonText;
import dev.parley.redis.RedisProcess;
import dev.parley.server.RunningServer;

/**
 * Three nodes on one Redis behind HAProxy (docs/scaling.md), the chat through it: clients on different nodes share
 * rooms, ids, presence and history; the publish API and whispers reach users on other nodes; three senders on three
 * nodes give every receiver one order.
 */
class LoadBalancerIT {
    /** Messages per sender in the three-sender test. */
    private static final int SENDS = 1000;
    /** A sender's unanswered messages at most (the server refuses over 32 waiting requests with {@code busy}). */
    private static final int WINDOW = 16;

    @RegisterExtension
    @Order(0)
    static final RedisProcess redis = new RedisProcess();
    /** Started after the nodes; made first, for its origin, which the nodes allow. */
    @RegisterExtension
    @Order(4)
    static final Haproxy lb = Haproxy.of(() -> LoadBalancerIT.nodes());
    @RegisterExtension
    @Order(1)
    static final RunningServer a = node();
    @RegisterExtension
    @Order(2)
    static final RunningServer b = node();
    @RegisterExtension
    @Order(3)
    static final RunningServer c = node();

    private static RunningServer node() {
        return new RunningServer(config -> Cluster.node(config, redis.uri(), lb.origin()));
    }

    private static List<URI> nodes() {
        return List.of(a.http("/"), b.http("/"), c.http("/"));
    }

    private static NodeMetrics.Landed<ChatClient> connect(String name) throws Exception {
        return NodeMetrics.landed(nodes(), () -> ChatClient.connect(lb.ws("/chat?name=" + name)));
    }

    /** Each test starts with no session on any node, so {@link NodeMetrics#landed} counts only its own. */
    @BeforeEach
    void previousTestsSessionsAreClosed() throws Exception {
        NodeMetrics.awaitNoSessions(nodes());
    }

    private static List<String> members(JsonObject ack) {
        return ack.getJsonArray("members").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    @Test
    void clientsOnTwoNodesShareTheRoomItsIdsPresenceAndHistory() throws Exception {
        NodeMetrics.Landed<ChatClient> alice = connect("alice");
        NodeMetrics.Landed<ChatClient> bob = connect("bob");
        try (ChatClient a1 = alice.connection(); ChatClient b1 = bob.connection()) {
            assertNotEquals(alice.node(), bob.node(), "alice and bob on two nodes (leastconn)");
            JsonObject first = a1.ok("{\"type\":\"join\",\"room\":\"lobby\"}");
            assertEquals(List.of("alice"), members(first));
            assertEquals(0, first.getJsonNumber("last").longValue());
            JsonObject second = b1.ok("{\"type\":\"join\",\"room\":\"lobby\"}");
            assertEquals(List.of("alice", "bob"), members(second));
            assertEquals(first.getString("epoch"), second.getString("epoch"), "one room, one epoch");
            JsonObject arrived = a1.next("presence");
            assertEquals(List.of("bob", "join"), List.of(arrived.getString("user"), arrived.getString("event")));

            for (int n = 1; n <= 4; n++) {
                ChatClient sender = n % 2 == 1 ? a1 : b1;
                assertEquals(n, sender.ok("{\"type\":\"say\",\"room\":\"lobby\",\"text\":\"m" + n + "\"}")
                        .getJsonNumber("id").longValue());
            }
            for (ChatClient member : List.of(a1, b1)) {
                for (int n = 1; n <= 4; n++) {
                    JsonObject message = member.next("message");
                    assertEquals(List.of((long) n, n % 2 == 1 ? "alice" : "bob", "m" + n),
                            List.of(message.getJsonNumber("id").longValue(), message.getString("from"),
                                    message.getString("text")));
                }
            }
            JsonObject history = b1.ok("{\"type\":\"history\",\"room\":\"lobby\",\"since\":1,\"epoch\":\""
                    + first.getString("epoch") + "\"}");
            assertEquals(List.of(2L, 3L, 4L), ids(history));
            assertEquals(true, history.getBoolean("complete"), history.toString());

            b1.ok("{\"type\":\"leave\",\"room\":\"lobby\"}");
            JsonObject left = a1.next("presence");
            assertEquals(List.of("bob", "leave"), List.of(left.getString("user"), left.getString("event")));
        }
    }

    @Test
    void thePublishApiAndWhispersReachUsersOnOtherNodes() throws Exception {
        // Carol straight on node c; the API called on node a, and through the balancer.
        try (ChatClient carol = ChatClient.connect(c.ws("/chat?name=carol"));
             ChatClient dave = ChatClient.connect(a.ws("/chat?name=dave"))) {
            carol.ok("{\"type\":\"join\",\"room\":\"news\"}");
            HttpResponse<String> onA = publish(a.http("/api/rooms/news/messages"), "from a");
            assertEquals(202, onA.statusCode(), onA.body());
            assertEquals(1, JsonText.readObject(onA.body()).getInt("id"), onA.body());
            HttpResponse<String> viaLb = publish(lb.http("/api/rooms/news/messages"), "via the balancer");
            assertEquals(202, viaLb.statusCode(), viaLb.body());
            assertEquals(2, JsonText.readObject(viaLb.body()).getInt("id"), viaLb.body());
            for (String text : List.of("from a", "via the balancer")) {
                JsonObject pushed = carol.next("message");
                assertEquals(List.of("newsdesk", text), List.of(pushed.getString("from"), pushed.getString("text")));
            }

            dave.ok("{\"type\":\"whisper\",\"to\":\"carol\",\"text\":\"psst\"}");
            JsonObject whisper = carol.next("whisper");
            assertEquals(List.of("dave", "psst"), List.of(whisper.getString("from"), whisper.getString("text")));
            dave.refused("{\"type\":\"whisper\",\"to\":\"nobody\",\"text\":\"hello?\"}", "no_such_user");
        }
    }

    /**
     * Issue 14: 3 senders × 1,000 messages on 3 nodes; every receiver on every node gets ids 1..3,000 once, in order.
     * Each sender keeps at most {@value #WINDOW} of its messages unanswered (its own message coming back is its
     * answer), under the server's bound on waiting requests.
     */
    @Test
    void threeSendersOnThreeNodesGiveEveryReceiverOneOrder() throws Exception {
        List<ChatClient> clients = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(3);
        try {
            List<Integer> landedOn = new ArrayList<>();
            for (String name : List.of("s1", "s2", "s3")) {
                NodeMetrics.Landed<ChatClient> landed = connect(name);
                clients.add(landed.connection());
                landedOn.add(landed.node());
            }
            assertEquals(List.of(0, 1, 2), landedOn.stream().sorted().toList(), "one sender per node");
            for (ChatClient client : clients) {
                client.ok("{\"type\":\"join\",\"room\":\"storm\"}");
            }
            List<Future<List<Long>>> received = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                ChatClient client = clients.get(i);
                String name = "s" + (i + 1);
                received.add(senders.submit(() -> sendAndReceive(client, name, clients.size())));
            }
            List<Long> expected = LongStream.rangeClosed(1, (long) SENDS * clients.size()).boxed().toList();
            for (Future<List<Long>> ids : received) {
                assertEquals(expected, ids.get());
            }
        } finally {
            senders.shutdownNow();
            for (ChatClient client : clients) {
                client.close();
            }
        }
    }

    /** Sends {@link #SENDS} messages, at most {@link #WINDOW} unanswered; returns the ids of every message received. */
    private static List<Long> sendAndReceive(ChatClient client, String name, int senders) throws Exception {
        List<Long> ids = new ArrayList<>();
        int sent = 0;
        int answered = 0;
        while (ids.size() < SENDS * senders) {
            while (sent < SENDS && sent - answered < WINDOW) {
                client.send("{\"type\":\"say\",\"room\":\"storm\",\"text\":\"" + name + " " + ++sent + "\"}");
            }
            JsonObject frame = client.next();
            switch (frame.getString("type")) {
                case "message" -> {
                    ids.add(frame.getJsonNumber("id").longValue());
                    if (frame.getString("from").equals(name)) {
                        answered++;
                    }
                }
                case "presence" -> { }
                default -> throw new AssertionError(name + " got " + frame);
            }
        }
        return ids;
    }

    private static HttpResponse<String> publish(URI uri, String text) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\",\"from\":\"newsdesk\"}"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + Cluster.API_KEY)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Long> ids(JsonObject historyAck) {
        return historyAck.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                .map(m -> m.getJsonNumber("id").longValue()).toList();
    }
}

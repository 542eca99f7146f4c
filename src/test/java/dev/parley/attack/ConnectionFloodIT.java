package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.client.RecordingClient;

/**
 * Issue 11, finding 7: 19,990 idle TCP connections used up the server's file descriptors, and {@code /health} and new
 * handshakes timed out until they left. Now {@code --max-connections} caps what is open: at the cap the oldest idle
 * connection that has not upgraded is closed for the new one, and WebSockets never take the last tenth.
 */
class ConnectionFloodIT {
    private static final int CAP = 200;
    private static final int FLOOD = 1000;
    private static final String UPGRADE = "GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    @Test
    void idleConnectionsOverTheCapAreClosedAndHealthHandshakesAndOpenSessionsKeepWorking() throws Exception {
        try (AttackedServer server = AttackedServer.start("--max-connections", Integer.toString(CAP))) {
            List<RecordingClient> sessions = new ArrayList<>();
            List<SocketChannel> flood = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    sessions.add(RecordingClient.connect(server.uri("ws", "/echo")));
                }
                for (int i = 0; i < FLOOD; i++) {
                    SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
                    channel.configureBlocking(false);
                    flood.add(channel); // sends nothing, ever
                }
                // Once the server has taken the flood from its accept queue (closing the oldest to stay at the cap),
                // and while the attacker still holds what is left of it:
                int closed = awaitClosed(flood, FLOOD - CAP, Duration.ofSeconds(5));
                assertTrue(closed >= FLOOD - CAP, closed + " of " + FLOOD + " flood connections closed");
                server.assertHealthy();
                server.assertEchoWorks();
                for (RecordingClient session : sessions) {
                    session.send("older session");
                    assertEquals("older session", session.nextText());
                }

                Scrape metrics = Scrape.of(server);
                assertTrue(metrics.value("parley_connections_open") <= CAP, metrics.toString());
                assertTrue(metrics.value("parley_connections_upgraded") >= 5, metrics.toString()); // + the echo's, closing
                double dropped = metrics.value("parley_connections_dropped_total{reason=\"evicted\"}")
                        + metrics.value("parley_connections_dropped_total{reason=\"refused\"}");
                assertTrue(dropped >= FLOOD - CAP, metrics.toString());
                double fds = metrics.value("parley_open_file_descriptors");
                assertTrue(fds > 0 && fds < CAP + 150, "open file descriptors: " + fds);
                assertTrue(metrics.value("parley_max_file_descriptors") >= fds, metrics.toString());
            } finally {
                for (SocketChannel channel : flood) {
                    channel.close();
                }
                for (RecordingClient session : sessions) {
                    session.close();
                }
            }
            Logs.await(server, "event=connections_dropped", Duration.ofSeconds(3));
            server.assertHeapAfterGcBelow(40 << 20);
            server.assertStopsCleanlyOnSigterm();
        }
    }

    @Test
    void webSocketsNeverTakeTheHeadroomSoHealthAlwaysAnswers() throws Exception {
        int cap = 20; // headroom: a tenth, 2; so at most 18 WebSockets
        try (AttackedServer server = AttackedServer.start("--max-connections", Integer.toString(cap))) {
            List<RecordingClient> sessions = new ArrayList<>();
            try {
                for (int i = 0; i < cap - 2; i++) {
                    sessions.add(RecordingClient.connect(server.uri("ws", "/echo")));
                }
                try (RawHttp oneMore = RawHttp.open(server.port())) {
                    String answer = oneMore.send(UPGRADE).readToClose(Duration.ofSeconds(2));
                    assertTrue(answer.startsWith("HTTP/1.1 503 "), answer);
                }
                server.assertHealthy();
                assertEquals(1, Scrape.of(server).value("parley_handshakes_refused_total{status=\"503\"}"));

                sessions.remove(0).close();
                awaitUpgraded(server, cap - 3, Duration.ofSeconds(5));
                server.assertEchoWorks();
            } finally {
                for (RecordingClient session : sessions) {
                    session.close();
                }
            }
            server.assertStopsCleanlyOnSigterm();
        }
    }

    @Test
    void whenEverySlotIsAWebSocketOrBusyANewConnectionIsClosedAtAccept() throws Exception {
        String key = "flood-test-key-0123456789";
        // A cap of 4: at most 3 WebSockets, and the fourth slot held by a publish waiting for its body.
        try (AttackedServer server = AttackedServer.start("--max-connections", "4", "--api-key", key,
                "--http-body-timeout", "30000")) {
            List<RecordingClient> sessions = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    sessions.add(RecordingClient.connect(server.uri("ws", "/echo")));
                }
                try (RawHttp busy = RawHttp.open(server.port())) {
                    busy.send(RawHttp.postHead("/api/rooms/lobby/messages", "Bearer " + key, 100)
                            .replace("\r\n\r\n", "\r\nExpect: 100-continue\r\n\r\n"));
                    // The 100 shows that the server has the whole head: the connection is busy, not evictable.
                    assertEquals("HTTP/1.1 100 Continue", busy.statusLine(Duration.ofSeconds(2)));
                    assertEquals("", busy.statusLine(Duration.ofSeconds(1)));
                    try (RawHttp refused = RawHttp.open(server.port())) {
                        assertEquals("", refused.readToClose(Duration.ofSeconds(2)), "closed at accept, unanswered");
                    }
                    // The body comes after all: answered, the connection is idle, and so evictable.
                    busy.send("{\"text\":\"" + "x".repeat(89) + "\"}");
                    assertTrue(busy.statusLine(Duration.ofSeconds(1)).startsWith("HTTP/1.1 202 "));
                    server.assertHealthy();
                }
                Scrape metrics = Scrape.of(server);
                assertTrue(metrics.value("parley_connections_dropped_total{reason=\"refused\"}") >= 1, metrics.toString());
                for (RecordingClient session : sessions) {
                    session.send("still here");
                    assertEquals("still here", session.nextText());
                }
            } finally {
                for (RecordingClient session : sessions) {
                    session.close();
                }
            }
            Logs.await(server, "refused=1", Duration.ofSeconds(3));
            server.assertStopsCleanlyOnSigterm();
        }
    }

    /** Polls the flood until {@code wanted} of its connections have been closed by the server, or {@code limit}. */
    private static int awaitClosed(List<SocketChannel> flood, int wanted, Duration limit) throws IOException {
        ByteBuffer sink = ByteBuffer.allocate(256);
        long end = System.nanoTime() + limit.toNanos();
        boolean[] closed = new boolean[flood.size()];
        int count = 0;
        while (count < wanted && System.nanoTime() < end) {
            for (int i = 0; i < flood.size(); i++) {
                if (!closed[i]) {
                    sink.clear();
                    try {
                        closed[i] = flood.get(i).read(sink) < 0;
                    } catch (IOException reset) {
                        closed[i] = true;
                    }
                    count += closed[i] ? 1 : 0;
                }
            }
        }
        return count;
    }

    private static void awaitUpgraded(AttackedServer server, int upgraded, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (Scrape.of(server).value("parley_connections_upgraded") > upgraded) {
            assertTrue(System.nanoTime() < end, "the closed session is still counted after " + limit);
            Thread.sleep(50); // the poll interval: nothing tells us when the server has seen the close
        }
    }
}

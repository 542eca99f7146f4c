package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.parley.client.RawClient;
import dev.parley.client.RecordingClient;
import dev.parley.wire.Bytes;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameEncoder;
import dev.parley.wire.MaskKeys;
import dev.parley.wire.Opcode;

/**
 * Issue 11, finding 1: a client that sent pings and never read made Tyrus queue a pong for each, outside Parley's
 * outbound bound; one connection filled a 1 GiB heap in ~12 s and the server never recovered. Now every frame is
 * charged to a frame budget (by default the flood is cut after the burst of 400 frames), and every write, pongs
 * included, is counted against the outbound bound (with the budgets lifted, the flood is cut there).
 */
class PingFloodIT {
    /** Pings of 6 bytes (empty, masked): one write of {@value #BATCH_PINGS} of them is 64 KiB less a little. */
    private static final int BATCH_PINGS = 65536 / 6;
    /** Heap after GC once the flood is over: an idle server is ~4 MiB; the pongs must be gone. */
    private static final long HEAP_BOUND = 16L << 20;
    private static final Duration FLOOD_DEADLINE = Duration.ofSeconds(90);
    private static final String[] NO_BUDGETS = {"--frame-rate", "1e9", "--frame-burst", "1000000000",
        "--address-frame-rate", "1e9", "--address-frame-burst", "1000000000"};

    private final ExecutorService flooder = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopFlooder() {
        flooder.shutdownNow();
    }

    /**
     * Defaults: 100,000 pings in 600 KB of writes, none read. The first read the server makes holds ~10,900 pings,
     * over the burst of 400: the read is dropped whole, the flooder gets the close frame 1008 "frame rate exceeded"
     * (nothing is queued ahead of it), then end of stream.
     */
    @Test
    void aPingFloodIsCutByTheFrameBudget() throws Exception {
        try (AttackedServer server = AttackedServer.start();
             RecordingClient bystander = RecordingClient.connect(server.uri("ws", "/echo"));
             RawClient attacker = RawClient.connect(server.uri("ws", "/echo"), Duration.ofSeconds(10))) {
            byte[] batch = pings(BATCH_PINGS);
            long sent = 0;
            for (int i = 0; i < 100_000 / BATCH_PINGS + 1; i++) {
                attacker.sendRaw(batch);
                sent += BATCH_PINGS;
            }
            int pongs = 0;
            RawClient.Received received = attacker.read();
            while (received.frame().opcode() == Opcode.PONG && pongs < 1_000) {
                pongs++;
                received = attacker.read();
            }
            assertEquals(Opcode.CLOSE, received.frame().opcode(), "after " + pongs + " pongs: " + received);
            assertEquals(new CloseStatus(1008, "frame rate exceeded"), received.frame().closeStatus());
            assertTrue(pongs <= 400, pongs + " pongs for " + sent + " pings: more than the burst");
            assertTrue(attacker.awaitEndOfStream(), "end of stream after the close frame");

            assertTrue(server.log().contains("event=frame-budget"), "one log line for the cut");
            assertEquals(1.0, metric(server, "parley_frame_budget_exceeded_total\\{budget=\"connection\"}"));
            bystander.send("still here");
            assertEquals("still here", bystander.nextText());
            afterTheAttack(server);
        }
    }

    /**
     * Budgets lifted, so only the outbound bound is left: the flooder (a 4 KiB receive buffer, never read) gets pongs
     * until the socket buffers are full, then they wait in the server; at 1 MiB + 64 KiB of them (counted at their
     * bytes + 256 each: ~4,300 pongs) the connection is failed with 1008. The close frame waits behind those pongs,
     * which the flooder never reads, so what it sees is its TCP connection closed 2 s later: a write fails.
     */
    @Test
    void unreadPongsAreBoundedByTheOutboundBound() throws Exception {
        try (AttackedServer server = AttackedServer.start(NO_BUDGETS);
             RecordingClient bystander = RecordingClient.connect(server.uri("ws", "/echo"))) {
            URI echo = server.uri("ws", "/echo");
            Socket socket = new Socket();
            socket.setReceiveBufferSize(4096); // before connect: the window the server sees stays small
            socket.connect(new InetSocketAddress(echo.getHost(), echo.getPort()), 10_000);
            try (RawClient attacker = RawClient.over(socket, echo, Duration.ofSeconds(10))) {
                byte[] batch = pings(BATCH_PINGS);
                long start = System.nanoTime();
                Future<Long> flood = flooder.submit(() -> {
                    long sent = 0;
                    try {
                        while (System.nanoTime() - start < FLOOD_DEADLINE.toNanos()) {
                            attacker.sendRaw(batch);
                            sent += BATCH_PINGS;
                        }
                    } catch (IOException closedByTheServer) {
                        return sent;
                    }
                    return -sent;
                });
                server.assertHealthy(); // while the flood runs
                bystander.send("during the flood");
                assertEquals("during the flood", bystander.nextText());
                long sent = flood.get(FLOOD_DEADLINE.toSeconds() + 10, TimeUnit.SECONDS);
                double seconds = (System.nanoTime() - start) / 1e9;
                assertTrue(sent > 0, "the flooder's writes never failed in " + FLOOD_DEADLINE + " (" + -sent
                        + " pings): the server did not close its connection");
                System.out.printf("ping flood without budgets: connection closed after %d pings in %.1f s%n", sent,
                        seconds);
            }
            Matcher line = Pattern.compile("event=slow-consumer peer=\\S+ code=1008 unwritten_writes=(\\d+) "
                    + "unwritten_cost=(\\d+) ").matcher(server.log());
            assertTrue(line.find(), "one log line for the cut:\n" + server.log());
            System.out.println("pongs pinned when cut: " + line.group(1) + ", counted cost " + line.group(2));
            assertTrue(Long.parseLong(line.group(2)) <= (1L << 20) + (64 << 10), "within the bound");
            assertEquals(1.0, metric(server, "parley_slow_consumers_total"));
            bystander.send("after the flood");
            assertEquals("after the flood", bystander.nextText());
            afterTheAttack(server);
        }
    }

    private static void afterTheAttack(AttackedServer server) throws Exception {
        server.assertHealthy();
        server.assertEchoWorks();
        long heap = server.heapAfterGc();
        System.out.println("heap after GC after the flood: " + (heap >> 10) + " KiB");
        server.assertHeapAfterGcBelow(HEAP_BOUND);
        server.assertStopsCleanlyOnSigterm();
    }

    private static byte[] pings(int count) {
        byte[] one = FrameEncoder.client(MaskKeys.secure()).encode(Frame.ping(Bytes.EMPTY));
        byte[] batch = new byte[one.length * count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(one, 0, batch, i * one.length, one.length);
        }
        return batch;
    }

    /** The value of the sample matching {@code sample} (a regex) on {@code GET /metrics}. */
    static double metric(AttackedServer server, String sample) throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.uri("http", "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher value = Pattern.compile("(?m)^" + sample + " (\\S+)$").matcher(metrics.body());
        assertTrue(value.find(), sample + " not in /metrics:\n" + metrics.body());
        return Double.parseDouble(value.group(1));
    }
}

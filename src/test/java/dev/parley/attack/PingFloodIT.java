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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * charged to a frame budget (by default the flood is cut after the burst of 1,000 frames), and every write, pongs
 * included, is counted against the outbound bound (a flood within the budget is cut there).
 */
class PingFloodIT {
    /** Pings of 6 bytes (empty, masked): one write of {@value #BATCH_PINGS} of them is 64 KiB less a little. */
    private static final int BATCH_PINGS = 65536 / 6;
    /** Heap after GC once the flood is over: an idle server is ~4 MiB; the pongs must be gone. */
    private static final long HEAP_BOUND = 16L << 20;
    private static final Duration FLOOD_DEADLINE = Duration.ofSeconds(90);
    private static final int PACED_PINGS = 400;
    private static final String[] WITHIN_BUDGET = {"--frame-rate", "5000", "--frame-burst", "10000",
        "--address-frame-rate", "5000", "--address-frame-burst", "10000"};

    private final ScheduledExecutorService flooder = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopFlooder() {
        flooder.shutdownNow();
    }

    /**
     * Defaults: 100,000 pings in 600 KB of writes, none read. The first read the server makes holds ~10,900 pings,
     * over the burst of 1,000: the read is dropped whole, the flooder gets the close frame 1008 "frame rate exceeded"
     * (nothing is queued ahead of it), then end of stream.
     */
    @Test
    void aPingFloodIsCutByTheFrameBudget() throws Exception {
        try (AttackedServer server = AttackedServer.start();
             RecordingClient bystander = RecordingClient.connect(server.uri("ws", "/echo"));
             RawClient attacker = RawClient.connect(server.uri("ws", "/echo"), Duration.ofSeconds(10))) {
            byte[] batch = pings(BATCH_PINGS, 0);
            long sent = 0;
            for (int i = 0; i < 100_000 / BATCH_PINGS + 1; i++) {
                attacker.sendRaw(batch);
                sent += BATCH_PINGS;
            }
            int pongs = 0;
            RawClient.Received received = attacker.read();
            while (received.frame().opcode() == Opcode.PONG && pongs < 2_000) {
                pongs++;
                received = attacker.read();
            }
            assertEquals(Opcode.CLOSE, received.frame().opcode(), "after " + pongs + " pongs: " + received);
            assertEquals(new CloseStatus(1008, "frame rate exceeded"), received.frame().closeStatus());
            assertTrue(pongs <= 1_000, pongs + " pongs for " + sent + " pings: more than the burst");
            assertTrue(attacker.awaitEndOfStream(), "end of stream after the close frame");

            Logs.await(server, "event=frame-budget", Duration.ofSeconds(5)); // one line for the cut
            assertEquals(1.0, metric(server, "parley_frame_budget_exceeded_total\\{budget=\"connection\"}"));
            bystander.send("still here");
            assertEquals("still here", bystander.nextText());
            afterTheAttack(server);
        }
    }

    /**
     * A flooder within the frame budget (raised here to 5,000 frames/s so that the test takes seconds, not minutes;
     * the flooder sends 4,000 pings/s of 125 bytes, never reads, and has a 4 KiB receive buffer): its pongs fill the
     * socket buffers, then wait in the server, where at 1 MiB + 64 KiB of them (counted at their bytes + 512 each:
     * ~1,740 pongs) the connection is failed with 1008. The close frame waits behind pongs the flooder never reads,
     * so what it sees is its TCP connection closed 2 s later: a write fails.
     */
    @Test
    void unreadPongsAreBoundedByTheOutboundBound() throws Exception {
        try (AttackedServer server = AttackedServer.start(WITHIN_BUDGET);
             RecordingClient bystander = RecordingClient.connect(server.uri("ws", "/echo"))) {
            URI echo = server.uri("ws", "/echo");
            Socket socket = new Socket();
            socket.setReceiveBufferSize(4096); // before connect: the window the server sees stays small
            socket.connect(new InetSocketAddress(echo.getHost(), echo.getPort()), 10_000);
            try (RawClient attacker = RawClient.over(socket, echo, Duration.ofSeconds(10))) {
                byte[] batch = pings(PACED_PINGS, 125);
                long start = System.nanoTime();
                AtomicLong sent = new AtomicLong();
                CompletableFuture<IOException> closed = new CompletableFuture<>();
                flooder.scheduleAtFixedRate(() -> { // 400 pings every 100 ms
                    try {
                        attacker.sendRaw(batch);
                        sent.addAndGet(PACED_PINGS);
                    } catch (IOException e) {
                        closed.complete(e);
                        throw new IllegalStateException("closed by the server", e); // ends the schedule
                    }
                }, 0, 100, TimeUnit.MILLISECONDS);
                server.assertHealthy(); // while the flood runs
                bystander.send("during the flood");
                assertEquals("during the flood", bystander.nextText());
                IOException failure = closed.get(FLOOD_DEADLINE.toSeconds(), TimeUnit.SECONDS);
                System.out.printf("paced ping flood: connection closed after %d pings in %.1f s (%s)%n", sent.get(),
                        (System.nanoTime() - start) / 1e9, failure);
            }
            Logs.await(server, "event=slow-consumer peer=", Duration.ofSeconds(10));
            Matcher line = Pattern.compile("event=slow-consumer peer=\\S+ code=1008 unwritten_writes=(\\d+) "
                    + "unwritten_cost=(\\d+) ").matcher(server.log());
            assertTrue(line.find(), "one log line for the cut:\n" + server.log());
            System.out.println("pongs pinned when cut: " + line.group(1) + ", counted cost " + line.group(2));
            assertTrue(Long.parseLong(line.group(2)) <= (1L << 20) + (64 << 10), "within the bound");
            assertEquals(1.0, metric(server, "parley_slow_consumers_total"));
            assertEquals(0, server.log().split("event=frame-budget", -1).length - 1, "within the frame budget");
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

    private static byte[] pings(int count, int payload) {
        byte[] one = FrameEncoder.client(MaskKeys.secure()).encode(Frame.ping(Bytes.of(new byte[payload])));
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

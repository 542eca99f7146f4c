package dev.parley.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.client.RecordingClient;
import dev.parley.client.StalledReader;
import dev.parley.deploy.ParleyTarget;
import dev.parley.deploy.TestDeployment;
import dev.parley.metrics.Scrape;

/** {@code /broadcast}: everyone gets everything once, in order per sender, whatever one bad client does. */
@Tag("portable")
class BroadcastIT {
    /**
     * What the server may hold for a stalled client after closing it: the app servers' listener write queue
     * (4 x 64 KiB, AppServer), one 16 KiB message in flight, and a margin for what a full GC leaves varying.
     */
    private static final long HELD_AT_MOST = 3L << 20;

    /** Outbound bound of 1 MiB: room for 64 of the 16 KiB messages below, so only a stalled client overflows. */
    @RegisterExtension
    static final ParleyTarget server = ParleyTarget.of(TestDeployment.SMALL_MESSAGES);

    @Test
    void everyClientGetsEveryMessageExactlyOnceInOrderPerSender() throws Exception {
        int clients = 3;
        int perSender = 50;
        List<RecordingClient> all = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) {
                all.add(join("c" + c));
            }
            ExecutorService threads = Executors.newFixedThreadPool(clients);
            try {
                List<Future<Void>> senders = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    RecordingClient sender = all.get(c);
                    String name = "c" + c;
                    senders.add(threads.submit(() -> {
                        for (int n = 0; n < perSender; n++) {
                            sender.send(name + ":" + n);
                        }
                        sender.send(name + ":done");
                        return null;
                    }));
                }
                for (Future<Void> sender : senders) {
                    sender.get(RecordingClient.WAIT.toSeconds(), TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            List<Integer> expected = IntStream.range(0, perSender).boxed().toList();
            for (RecordingClient receiver : all) {
                // A sender's "done" comes after all its messages (its copies are queued in order), so once all
                // three have come, everything has, and a duplicate would have shown up in the lists.
                Map<String, List<Integer>> bySender = new HashMap<>();
                int done = 0;
                while (done < clients) {
                    String[] message = receiver.nextText().split(":");
                    if (message[0].equals("join")) {
                        continue; // a later client's join
                    } else if (message[1].equals("done")) {
                        done++;
                    } else {
                        bySender.computeIfAbsent(message[0], k -> new ArrayList<>()).add(Integer.parseInt(message[1]));
                    }
                }
                for (int c = 0; c < clients; c++) {
                    assertEquals(expected, bySender.get("c" + c), "messages from c" + c);
                }
            }
        } finally {
            for (RecordingClient client : all) {
                client.close();
            }
        }
    }

    /** This suite's server caps messages at 64 KiB: a setting, in the WAR a context parameter (TestDeployment). */
    @Test
    void aMessageOverTheConfiguredCapIsClosedWith1009() throws Exception {
        try (RecordingClient client = RecordingClient.connect(server.ws("/broadcast"))) {
            CloseReason close = client.awaitCloseAfter(() -> client.send("x".repeat(64 * 1024 + 1)));
            assertEquals(CloseReason.CloseCodes.TOO_BIG, close.getCloseCode());
        }
    }

    /**
     * A client that stops reading is closed with 1008 once its outbound queue (1 MiB here) is full; the others get
     * every message, {@code /health} still answers at once, and while the stalled connection stays open unread the
     * server holds little for it. The same on all three targets, with the app servers' listeners configured as
     * docs/deploy.md says ({@code socket-write-buffer-size}); without that, Grizzly queues up to 4 times the socket's
     * send buffer per connection (about 8 MB on loopback) before the queue here sees a send wait, this broadcast
     * fits, and the client is never closed.
     */
    @Test
    void aClientThatStopsReadingIsClosedWith1008AndCostsTheServerLittle() throws Exception {
        Map<String, Double> before = Scrape.of(server.http("/metrics"));
        OptionalLong heapBefore = server.heapAfterGc();
        try (StalledReader stalled = StalledReader.connect(server.ws("/broadcast"))) {
            broadcastPast(stalled);
            awaitSlowConsumerClosed(before);
            assertHealthAnswersWithin(Duration.ofSeconds(1));
            long held = heapBefore.isPresent() ? server.heapAfterGc().getAsLong() - heapBefore.getAsLong() : 0;
            assertTrue(held < HELD_AT_MOST, "the server's heap grew by " + (held >> 10) + " KiB for the stalled "
                    + "client, over " + (HELD_AT_MOST >> 10) + " KiB");
            // Only now does the stalled client read: what was buffered for it, then the end.
            StalledReader.Ending ending = stalled.readToEnd();
            System.out.printf("[%s] stalled client closed by the server: heap after GC %+d KiB while unread, then "
                    + "it read %d bytes and %s%n", ParleyTarget.current(), held >> 10, ending.dataBytes(),
                    ending.closeCode() == StalledReader.Ending.NO_CLOSE_FRAME ? "the end of the stream"
                            : "close code " + ending.closeCode());
            long buffered = tcpSendBufferMax() + HELD_AT_MOST;
            assertTrue(ending.dataBytes() < buffered, ending.dataBytes() + " bytes were buffered for the stalled "
                    + "client, more than the kernel's send buffer and the server's bound (" + buffered + ")");
            // The redis target runs the embedded server too (on a shared Redis): only an app server drops the close.
            if (ParleyTarget.current().equals("embedded") || ParleyTarget.current().equals(ParleyTarget.REDIS)) {
                assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY.getCode(), ending.closeCode());
            } else {
                // Tyrus's close frame waits behind the data in its servlet writer, which the app server drops when
                // Tyrus ends the upgraded request; the connection closes after the data (docs/deploy.md).
                assertEquals(StalledReader.Ending.NO_CLOSE_FRAME, ending.closeCode(), "close frame on an app server");
            }
        }
    }

    /** The server counts the stalled client as a slow consumer closed with 1008 (polled: the close may lag). */
    private static void awaitSlowConsumerClosed(Map<String, Double> before) throws Exception {
        long deadline = System.nanoTime() + RecordingClient.WAIT.toNanos();
        Map<String, Double> after = Scrape.of(server.http("/metrics"));
        while (Scrape.delta(before, after, "parley_slow_consumers_total") < 1 && System.nanoTime() < deadline) {
            after = Scrape.of(server.http("/metrics"));
        }
        assertEquals(1, Scrape.delta(before, after, "parley_slow_consumers_total"));
        assertEquals(1, Scrape.delta(before, after, "parley_sessions_closed_total{code=\"1008\"}"));
    }

    private static void assertHealthAnswersWithin(Duration limit) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.http("/health")).timeout(limit).build(),
                HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(200, health.statusCode());
        assertTrue(took.compareTo(limit) < 0, "/health took " + took.toMillis() + " ms");
    }

    /**
     * The most a Linux socket's send buffer grows to ({@code net.ipv4.tcp_wmem}'s maximum): what the kernel may
     * hold for a client that does not read, outside the server's heap.
     */
    private static long tcpSendBufferMax() throws IOException {
        // One line, "min default max"; Files.readString reads only the first byte of this size-0 procfs file.
        String[] wmem = Files.readAllLines(Path.of("/proc/sys/net/ipv4/tcp_wmem")).get(0).trim().split("\\s+");
        return Long.parseLong(wmem[2]);
    }

    /**
     * 600 x 16 KiB = 9.8 MB, far more than a stalled client can absorb (a send buffer of at most 4 MiB, the 4 KiB
     * receive buffer, an app server's 256 KiB write queue and the 1 MiB queue), while {@code stalled} reads nothing:
     * the others get every message in order.
     */
    private static void broadcastPast(StalledReader stalled) throws Exception {
        int messages = 600;
        int window = 16; // the sender waits for its own copy of message n - 16 before sending n
        String payload = "x".repeat(16 * 1024 - 8);
        try (RecordingClient sender = join("sender");
             RecordingClient first = join("first");
             RecordingClient second = join("second")) {
            stalled.sendText("join:stalled");
            // Now the stalled session is surely registered. Joins from different clients may arrive in any order
            // (only each sender's own messages keep theirs), so each waits for every join after its own.
            awaitJoins(sender, "first", "second", "stalled");
            awaitJoins(first, "second", "stalled");
            awaitJoins(second, "stalled");
            for (int n = 0; n < messages; n++) {
                sender.send(String.format("%07d:", n) + payload);
                if (n >= window) {
                    assertEquals(String.format("%07d:", n - window), sender.nextText().substring(0, 8));
                }
            }
            for (int n = messages - window; n < messages; n++) {
                assertEquals(String.format("%07d:", n), sender.nextText().substring(0, 8));
            }
            for (RecordingClient healthy : List.of(first, second)) {
                for (int n = 0; n < messages; n++) {
                    assertEquals(String.format("%07d:", n), healthy.nextText().substring(0, 8));
                }
            }
        }
    }

    @Test
    void aClientThatDropsItsConnectionDoesNotStopDelivery() throws Exception {
        try (RecordingClient sender = join("sender");
             RecordingClient other = join("other")) {
            StalledReader dropped = StalledReader.connect(server.ws("/broadcast"));
            dropped.sendText("join:dropped");
            awaitJoins(sender, "other", "dropped");
            awaitJoins(other, "dropped");
            dropped.close();
            for (int n = 0; n < 100; n++) {
                sender.send("after drop " + n);
            }
            awaitText(other, "after drop 0");
            awaitText(sender, "after drop 0");
            for (int n = 1; n < 100; n++) {
                assertEquals("after drop " + n, other.nextText());
                assertEquals("after drop " + n, sender.nextText());
            }
        }
    }

    /**
     * Connects and waits for the client's own "join:NAME" to come back, so the server has surely registered it
     * (Tyrus answers the handshake before the session joins the open ones). Earlier clients see the join too.
     */
    private static RecordingClient join(String name) throws Exception {
        RecordingClient client = RecordingClient.connect(server.ws("/broadcast"));
        client.send("join:" + name);
        awaitText(client, "join:" + name);
        return client;
    }

    /** Takes messages until it has had "join:NAME" for every one of {@code names}, in any order; only joins. */
    private static void awaitJoins(RecordingClient client, String... names) throws InterruptedException {
        Set<String> missing = new HashSet<>();
        for (String name : names) {
            missing.add("join:" + name);
        }
        while (!missing.isEmpty()) {
            String text = client.nextText();
            assertTrue(text.startsWith("join:"), "a join expected, not " + text);
            missing.remove(text);
        }
    }

    /** Takes messages until {@code expected}; only other joins may come first. */
    private static void awaitText(RecordingClient client, String expected) throws InterruptedException {
        for (String text = client.nextText(); !text.equals(expected); text = client.nextText()) {
            assertEquals("join:", text.substring(0, Math.min(5, text.length())), "unexpected before " + expected);
        }
    }
}

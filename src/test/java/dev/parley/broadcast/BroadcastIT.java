package dev.parley.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.client.RecordingClient;
import dev.parley.server.RunningServer;
import dev.parley.session.Limits;

/** {@code /broadcast}: everyone gets everything once, in order per sender, whatever one bad client does. */
class BroadcastIT {
    /** Small outbound bounds, so the stalled client overflows its queue quickly: 64 messages or 256 KiB. */
    @RegisterExtension
    static final RunningServer server = new RunningServer(config -> config.withLimits(
            Limits.DEFAULTS.withMaxMessageBytes(64 * 1024).withOutbound(64, 256 * 1024)));

    @Test
    void everyClientGetsEveryMessageExactlyOnceInOrderPerSender() throws Exception {
        int clients = 3;
        int perSender = 50;
        List<RecordingClient> all = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) {
                all.add(RecordingClient.connect(server.ws("/broadcast")));
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
                    if (message[1].equals("done")) {
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

    @Test
    void aClientThatStopsReadingDoesNotHoldUpTheOthersAndIsClosedWith1008() throws Exception {
        int messages = 600; // 600 x 16 KiB = 9.6 MB: more than the stalled socket's buffers plus its queue
        String payload = "x".repeat(16 * 1024 - 8);
        try (StalledReader stalled = StalledReader.connect(server.ws("/broadcast"));
             RecordingClient sender = RecordingClient.connect(server.ws("/broadcast"));
             RecordingClient first = RecordingClient.connect(server.ws("/broadcast"));
             RecordingClient second = RecordingClient.connect(server.ws("/broadcast"))) {
            for (int n = 0; n < messages; n++) {
                sender.send(String.format("%07d:", n) + payload);
            }
            for (RecordingClient healthy : List.of(sender, first, second)) {
                for (int n = 0; n < messages; n++) {
                    assertEquals(String.format("%07d:", n), healthy.nextText().substring(0, 8));
                }
            }
            // Only now does the stalled client read: what fitted in the buffers, then the server's close.
            assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY.getCode(), stalled.readUntilCloseCode());
        }
    }

    @Test
    void aClientThatDropsItsConnectionDoesNotStopDelivery() throws Exception {
        try (RecordingClient sender = RecordingClient.connect(server.ws("/broadcast"));
             RecordingClient other = RecordingClient.connect(server.ws("/broadcast"))) {
            StalledReader dropped = StalledReader.connect(server.ws("/broadcast"));
            dropped.close();
            for (int n = 0; n < 100; n++) {
                sender.send("after drop " + n);
            }
            for (int n = 0; n < 100; n++) {
                assertEquals("after drop " + n, other.nextText());
                assertEquals("after drop " + n, sender.nextText());
            }
        }
    }
}

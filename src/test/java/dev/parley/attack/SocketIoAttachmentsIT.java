package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.Test;

import dev.parley.client.RawClient;
import dev.parley.client.RecordingClient;
import dev.parley.wire.Bytes;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.Frame;
import dev.parley.wire.Opcode;

/**
 * docs/limits.md, "Socket.IO", binary attachments, met as attackers meet them over Engine.IO's WebSocket transport:
 * a BINARY_EVENT announcing 17 attachments (over {@code PacketParser.MAX_ATTACHMENTS}, 16) and one whose attachments
 * are interrupted by a text packet are each closed with reason "parse error" (close 1000 "parse error", counted as
 * {@code parse_error}). Hoarders from three addresses announce 16 attachments and send 15 of {@code maxPayload} each,
 * then nothing: what they make the server keep is charged to its inbound budget ({@code --inbound-budget-bytes}, 4 MiB
 * here), so the hoarders that find it spent are closed with 1013 "server busy" (counted, one log line each) while the
 * few it has room for are kept, and the heap after GC stays under a formula with no term per address or per held
 * attachment; nothing is kept once they are gone. A well-behaved chat client keeps talking.
 */
class SocketIoAttachmentsIT {
    private static final int MAX_PAYLOAD = 100_000;
    private static final int MAX_ATTACHMENTS = 16;
    private static final long BUDGET = 4 << 20;
    private static final List<String> ATTACKERS = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4");
    private static final int PER_ADDRESS = 4;
    private static final int HOARDERS = ATTACKERS.size() * PER_ADDRESS;
    private static final int VIOLATORS = 10;
    private static final String PLACEHOLDER = "{\"_placeholder\":true,\"num\":0}";
    private static final CloseReason.CloseCode NORMAL = CloseReason.CloseCodes.NORMAL_CLOSURE;
    private static final CloseStatus BUSY = new CloseStatus(1013, "server busy");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long POOLED = 4 << 20;
    private static final long PER_SESSION = 40 * 1024;
    /** Heap per budgeted byte at most (G1 regions; docs/limits.md, "Worst case"). */
    private static final long REGION_ROUNDING = 2;

    @Test
    void attachmentsOverTheCapOrCutShortCloseAndHoardersAreBoundedByTheInboundBudget() throws Exception {
        try (AttackedServer server = AttackedServer.start(AttackedServer.DEFAULT_HEAP_MB, List.of(
                "--socketio-max-payload", Integer.toString(MAX_PAYLOAD),
                "--inbound-budget-bytes", Long.toString(BUDGET)));
             SioChatProbe good = SioChatProbe.connect(server, "good")) {
            good.join("calm");
            long base = server.heapAfterGc();
            for (int i = 0; i < VIOLATORS; i++) {
                try (RecordingClient over = connected(server, "over" + i)) {
                    over.send("45" + (MAX_ATTACHMENTS + 1) + "-/chat,[\"say\"," + PLACEHOLDER + "]");
                    assertClosedParseError(over);
                }
                try (RecordingClient cut = connected(server, "cut" + i)) {
                    cut.send("452-/chat,[\"say\"," + PLACEHOLDER + ",{\"_placeholder\":true,\"num\":1}]");
                    cut.send(ByteBuffer.wrap(new byte[MAX_PAYLOAD - 1]));
                    cut.send("42/chat,[\"say\",{}]");
                    assertClosedParseError(cut);
                }
            }
            assertEquals(2 * VIOLATORS, (long) Scrape.of(server).value(
                    "parley_socketio_events_total{event=\"parse_error\",reason=\"none\"}"), Scrape.of(server).toString());
            good.say("calm", "after the violators");

            long started = System.nanoTime();
            List<Hoarder> hoarders = new ArrayList<>();
            try {
                // Each hoarder announces 16 attachments and sends the first: all of them fit the budget so far.
                for (String address : ATTACKERS) {
                    for (int i = 0; i < PER_ADDRESS; i++) {
                        Hoarder hoarder = Hoarder.connect(server, address, "hoarder" + hoarders.size());
                        hoarders.add(hoarder);
                        hoarder.send(Frame.text("45" + MAX_ATTACHMENTS + "-/chat,[\"say\"," + PLACEHOLDER + "]"));
                        hoarder.send(ATTACHMENT);
                    }
                }
                // Then the other 14, in turns: together they would keep 12 x 1.5 MB.
                for (int part = 1; part < MAX_ATTACHMENTS - 1; part++) {
                    for (Hoarder hoarder : hoarders) {
                        hoarder.send(ATTACHMENT);
                    }
                }
                good.say("calm", "while they hoard");
                List<CloseStatus> statuses = new ArrayList<>();
                for (Hoarder hoarder : hoarders) {
                    statuses.add(hoarder.closeStatus(Duration.ofSeconds(2)));
                }
                long refused = statuses.stream().filter(status -> status != null && status.code() == 1013
                        && status.reason().startsWith("server busy")).count();
                long held = statuses.stream().filter(status -> status == null).count();
                assertEquals(HOARDERS, refused + held, "each hoarder refused with 1013 or kept: " + statuses);
                // A hoarder kept to the end holds 15 attachments: the budget has room for two of them.
                assertTrue(held >= 1 && held <= BUDGET / ((MAX_ATTACHMENTS - 1L) * MAX_PAYLOAD),
                        held + " kept: " + statuses);
                // Refused by Socket.IO (an attachment it could not keep: "server busy"), or by the wire guard (what
                // Tyrus buffers: "server busy: too much unfinished input"): the same budget, counted alike.
                long bySocketIo = statuses.stream().filter(BUSY::equals).count();
                assertTrue(bySocketIo >= 1, "Socket.IO's attachments charged: " + statuses);
                Scrape metrics = Scrape.of(server);
                assertEquals(bySocketIo, (long) metrics.value("parley_socketio_events_total{event=\"disconnect\","
                        + "reason=\"server_busy\"}"), metrics.toString());
                assertEquals(bySocketIo, (long) metrics.value(
                        "parley_engineio_closed_total{reason=\"server_busy\",transport=\"websocket\"}"));
                assertEquals(refused, (long) metrics.value("parley_memory_budget_exceeded_total{budget=\"inbound\"}"),
                        "each refusal counted once, and no one else refused");
                Logs.awaitLines(server, line -> line.contains("event=memory-budget budget=inbound path=/socket.io/"),
                        bySocketIo, Duration.ofSeconds(10));
                String log = Logs.awaitLines(server, line -> line.contains("event=memory-budget budget=inbound"),
                        refused, Duration.ofSeconds(10));
                assertEquals(bySocketIo, log.lines().filter(line -> line.contains(
                        "event=memory-budget budget=inbound path=/socket.io/")).count(), "one log line each");
                assertEquals(refused, log.lines().filter(line -> line.contains("event=memory-budget budget=inbound"))
                        .count(), "one log line each");
                long hoarding = server.heapAfterGc();
                // The formula: the budget (up to twice in G1 regions; Tyrus's frame buffers are charged to it too),
                // what each connection holds outside it. No term per address, none per held attachment.
                long bound = base + POOLED + REGION_ROUNDING * BUDGET + (HOARDERS + 1) * PER_SESSION;
                for (Hoarder hoarder : hoarders) {
                    hoarder.close();
                }
                hoarders.clear();
                long gone = System.nanoTime() + WAIT.toNanos();
                while (Scrape.of(server).value("parley_inbound_budget_used_bytes") > 0 && System.nanoTime() < gone) {
                    Thread.onSpinWait();
                }
                assertEquals(0, Scrape.of(server).value("parley_inbound_budget_used_bytes"), "all given back");
                long after = server.heapAfterGc();
                System.out.printf("SocketIoAttachmentsIT: heap after GC %d KiB with %d hoarders kept, %d refused (%d "
                        + "by Socket.IO; start %d KiB, formula %d KiB); %d KiB once they are gone; the hoard over in "
                        + "%d ms%n", hoarding >> 10, held, refused, bySocketIo, base >> 10, bound >> 10, after >> 10,
                        (System.nanoTime() - started) / 1_000_000);
                assertTrue(hoarding <= bound, "heap after GC " + (hoarding >> 10) + " KiB, over the formula's "
                        + (bound >> 10) + " KiB");
                assertTrue(after <= base + POOLED, "nothing kept once they are gone: " + (after >> 10) + " KiB");
            } finally {
                for (Hoarder hoarder : hoarders) {
                    hoarder.close();
                }
            }
            server.assertHealthy();
            good.say("calm", "after the hoarders");
            SioChatProbe.assertChatWorks(server, "newcomer");
            server.assertStopsCleanlyOnSigterm();
        }
    }

    private static final Frame ATTACHMENT = Frame.binary(Bytes.of(new byte[MAX_PAYLOAD - 1]));

    /** A raw Engine.IO WebSocket client from one address, connected to {@code /chat}. */
    private static final class Hoarder implements AutoCloseable {
        private final Socket socket;
        private final RawClient client;
        private boolean cut;

        private Hoarder(Socket socket, RawClient client) {
            this.socket = socket;
            this.client = client;
        }

        static Hoarder connect(AttackedServer server, String address, String name) throws IOException {
            URI uri = server.uri("ws", "/socket.io/?EIO=4&transport=websocket");
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(address, 0));
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) WAIT.toMillis());
            socket.setSoTimeout((int) WAIT.toMillis());
            Hoarder hoarder = new Hoarder(socket, RawClient.over(socket, uri, WAIT));
            assertTrue(hoarder.client.read().frame().text().startsWith("0{\"sid\":"), "open");
            hoarder.send(Frame.text("40/chat,{\"name\":\"" + name + "\"}"));
            assertTrue(hoarder.client.read().frame().text().startsWith("40/chat,{\"sid\":"), "CONNECT answered");
            return hoarder;
        }

        /** Sends {@code frame} unless the server has cut the connection (then nothing more is sent). */
        void send(Frame frame) {
            if (cut) {
                return;
            }
            try {
                client.send(frame);
            } catch (IOException reset) {
                cut = true;
            }
        }

        /** The close status the server sent, null if it sent none within {@code wait} (it keeps the connection). */
        CloseStatus closeStatus(Duration wait) throws IOException {
            socket.setSoTimeout((int) wait.toMillis());
            try {
                for (int frames = 0; frames < 100; frames++) {
                    Frame frame = client.read().frame();
                    if (frame.opcode() == Opcode.CLOSE) {
                        return frame.closeStatus();
                    }
                }
                throw new AssertionError("no close among 100 frames");
            } catch (SocketTimeoutException kept) {
                return null;
            }
        }

        @Override
        public void close() throws IOException {
            client.close();
        }
    }

    /** A raw Engine.IO WebSocket client connected to {@code /chat} as {@code name} (its welcome not read). */
    private static RecordingClient connected(AttackedServer server, String name) throws Exception {
        RecordingClient client = RecordingClient.connect(server.uri("ws", "/socket.io/?EIO=4&transport=websocket"));
        assertTrue(client.nextText().startsWith("0{\"sid\":"), "open");
        client.send("40/chat,{\"name\":\"" + name + "\"}");
        assertTrue(client.nextText().startsWith("40/chat,{\"sid\":"), "CONNECT answered");
        return client;
    }

    private static void assertClosedParseError(RecordingClient client) throws Exception {
        CloseReason reason = client.awaitClose();
        assertEquals(NORMAL, reason.getCloseCode(), reason.toString());
        assertEquals("parse error", reason.getReasonPhrase());
    }
}

package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.Test;

import dev.parley.client.RecordingClient;

/**
 * docs/limits.md, "Socket.IO", binary attachments, met as an attacker meets them over Engine.IO's WebSocket transport:
 * a BINARY_EVENT announcing 17 attachments (over {@code PacketParser.MAX_ATTACHMENTS}, 16) and one whose attachments
 * are interrupted by a text packet are each closed with reason "parse error" (close 1000 "parse error", counted as
 * {@code parse_error}); hoarders that announce 16 and send 15 of {@code maxPayload} each, then nothing, hold no more
 * than the formula below while they wait, and nothing once they are gone. A well-behaved chat client keeps talking.
 */
class SocketIoAttachmentsIT {
    private static final int MAX_PAYLOAD = 100_000;
    private static final int MAX_ATTACHMENTS = 16;
    private static final int HOARDERS = 32;
    private static final int VIOLATORS = 10;
    private static final String PLACEHOLDER = "{\"_placeholder\":true,\"num\":0}";
    private static final CloseReason.CloseCode NORMAL = CloseReason.CloseCodes.NORMAL_CLOSURE;
    private static final long POOLED = 4 << 20;
    private static final long PER_SESSION = 40 * 1024;

    @Test
    void attachmentsOverTheCapOrCutShortCloseAndHoardersHoldNoMoreThanTheFormula() throws Exception {
        try (AttackedServer server = AttackedServer.start(AttackedServer.DEFAULT_HEAP_MB, List.of(
                "--socketio-max-payload", Integer.toString(MAX_PAYLOAD)));
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

            List<RecordingClient> hoarders = new ArrayList<>();
            try {
                for (int i = 0; i < HOARDERS; i++) {
                    RecordingClient hoarder = connected(server, "hoarder" + i);
                    hoarders.add(hoarder);
                    hoarder.send("45" + MAX_ATTACHMENTS + "-/chat,[\"say\"," + PLACEHOLDER + "]");
                    for (int part = 0; part < MAX_ATTACHMENTS - 1; part++) {
                        hoarder.send(ByteBuffer.wrap(new byte[MAX_PAYLOAD - 1]));
                    }
                }
                good.say("calm", "while they hoard"); // a round trip after every hoarder's sends
                long hoarding = server.heapAfterGc();
                // The formula: each hoarder holds at most MAX_ATTACHMENTS - 1 attachments of at most maxPayload
                // bytes each (the last one completes the packet), Tyrus's frame buffer the size of its largest frame
                // and the copy a binary message is delivered in (2 x maxPayload more), its session's own objects.
                long bound = base + POOLED + HOARDERS * ((MAX_ATTACHMENTS + 1L) * MAX_PAYLOAD + PER_SESSION);
                for (RecordingClient hoarder : hoarders) {
                    assertTrue(hoarder.session().isOpen(), "a hoarder is kept until the ping timeout");
                }
                for (RecordingClient hoarder : hoarders) {
                    hoarder.close();
                }
                hoarders.clear();
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (EnginePollingHoardIT.closed(server, "transport_close") < HOARDERS + 2 * VIOLATORS
                        && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                long after = server.heapAfterGc();
                System.out.printf("SocketIoAttachmentsIT: heap after GC %d KiB with %d hoarders of %d attachments "
                        + "(start %d KiB, formula %d KiB); %d KiB once they are gone%n", hoarding >> 10, HOARDERS,
                        MAX_ATTACHMENTS - 1, base >> 10, bound >> 10, after >> 10);
                assertTrue(hoarding <= bound, "heap after GC " + (hoarding >> 10) + " KiB, over the formula's "
                        + (bound >> 10) + " KiB");
                assertTrue(after <= base + POOLED, "nothing kept once they are gone: " + (after >> 10) + " KiB");
            } finally {
                for (RecordingClient hoarder : hoarders) {
                    hoarder.close();
                }
            }
            server.assertHealthy();
            good.say("calm", "after the hoarders");
            SioChatProbe.assertChatWorks(server, "newcomer");
            server.assertStopsCleanlyOnSigterm();
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

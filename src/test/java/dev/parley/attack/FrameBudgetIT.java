package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * Issue 11, finding 8 (frames never charged): non-JSON and binary frames and pings were charged to no rate limit,
 * and there was no budget per address. Every frame is now charged to its connection's budget (default 500/s, burst
 * 1,000) and to its address's (default 1,000/s, burst 2,000; lowered here to 50/s, burst 1,000 on a server of its own
 * so that a few connections reach it quickly); the connection whose frames find a budget empty is closed with 1008.
 */
class FrameBudgetIT {
    private static final int ADDRESS_BURST = 1_000;
    /** Heap after GC once the attackers are gone: an idle server is ~4 MiB. */
    private static final long HEAP_BOUND = 16L << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final FrameEncoder ENCODER = FrameEncoder.client(MaskKeys.secure());

    private static AttackedServer server;

    @BeforeAll
    static void start() throws Exception {
        server = AttackedServer.start(); // the default budgets
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            afterTheAttack(server);
        } finally {
            server.close();
        }
    }

    private static void afterTheAttack(AttackedServer attacked) throws Exception {
        attacked.assertHealthy();
        attacked.assertEchoWorks();
        attacked.assertHeapAfterGcBelow(HEAP_BOUND);
        attacked.assertStopsCleanlyOnSigterm();
    }

    @Test
    void binaryFramesOverTheConnectionBudgetClose1008() throws Exception {
        assertCutByConnectionBudget("/echo", Frame.binary(Bytes.of(new byte[16])));
    }

    @Test
    void nonJsonTextOnChatOverTheConnectionBudgetCloses1008() throws Exception {
        assertCutByConnectionBudget("/chat?name=mallory", Frame.text("not json"));
    }

    @Test
    void pingsOverTheConnectionBudgetClose1008() throws Exception {
        assertCutByConnectionBudget("/echo", Frame.ping(Bytes.EMPTY));
    }

    /**
     * Connections from 127.0.0.1, each within its own budget (300 frames), until the address's burst of 1,000 is
     * spent: that one is closed with 1008; a client from 127.0.0.2 still gets its echo, and so does the bystander
     * from 127.0.0.1 once the address budget has refilled a little.
     */
    @Test
    void connectionsOfOneAddressOverTheAddressBudgetClose1008AndOtherAddressesKeepWorking() throws Exception {
        byte[] frames = repeat(ENCODER.encode(Frame.binary(Bytes.of(new byte[16]))), 300);
        List<RawClient> clients = new ArrayList<>();
        try (AttackedServer server = AttackedServer.start("--address-frame-rate", "50", "--address-frame-burst",
                Integer.toString(ADDRESS_BURST))) {
            URI echo = server.uri("ws", "/echo");
            CloseStatus cut = null;
            int echoed = 0;
            for (int i = 0; i < 2 * ADDRESS_BURST / 300 && cut == null; i++) {
                RawClient client = RawClient.connect(echo, TIMEOUT);
                clients.add(client);
                client.sendRaw(frames);
                for (int n = 0; n < 300; n++) {
                    RawClient.Received received = client.read();
                    if (received.frame().opcode() == Opcode.CLOSE) {
                        cut = received.frame().closeStatus();
                        break;
                    }
                    echoed++;
                }
            }
            assertEquals(new CloseStatus(1008, "frame rate of this address exceeded"), cut,
                    "after " + echoed + " frames echoed");
            assertTrue(echoed >= ADDRESS_BURST - 300 && echoed <= ADDRESS_BURST + 300,
                    "the address's burst, give or take one connection's frames: " + echoed);

            try (RawClient other = connectFrom(InetAddress.getByName("127.0.0.2"), echo)) {
                other.send(Frame.text("from another address"));
                assertEquals("from another address", other.read().frame().text());
            }
            Logs.await(server, "event=frame-budget peer=/127.0.0.1:", Duration.ofSeconds(5)); // a line for the cut
            assertTrue(server.log().contains("budget=address code=1008"));
            assertEquals(1.0, PingFloodIT.metric(server, "parley_frame_budget_exceeded_total\\{budget=\"address\"}"));
            afterTheAttack(server);
        } finally {
            for (RawClient client : clients) {
                client.close();
            }
        }
    }

    /** 3,000 frames of one kind in one write: over the burst of 1,000, so the connection is closed 1008. */
    private static void assertCutByConnectionBudget(String path, Frame frame) throws Exception {
        try (RecordingClient bystander = RecordingClient.connect(server.uri("ws", "/echo"));
             RawClient attacker = RawClient.connect(server.uri("ws", path), TIMEOUT)) {
            attacker.sendRaw(repeat(ENCODER.encode(frame), 3_000));
            int before = 0;
            RawClient.Received received = attacker.read();
            while (received.frame().opcode() != Opcode.CLOSE && before < 3_000) {
                before++; // echoes, pongs or chat answers to frames within the budget
                received = attacker.read();
            }
            assertEquals(new CloseStatus(1008, "frame rate exceeded"), received.frame().closeStatus(),
                    "after " + before + " frames: " + received);
            assertTrue(before <= 1_000, before + " frames answered: more than the burst");
            assertTrue(attacker.awaitEndOfStream(), "end of stream after the close frame");
            bystander.send("still here");
            assertEquals("still here", bystander.nextText());
        }
    }

    private static RawClient connectFrom(InetAddress local, URI uri) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(local, 0));
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) TIMEOUT.toMillis());
        return RawClient.over(socket, uri, TIMEOUT);
    }

    private static byte[] repeat(byte[] one, int count) {
        byte[] all = new byte[one.length * count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(one, 0, all, i * one.length, one.length);
        }
        return all;
    }
}

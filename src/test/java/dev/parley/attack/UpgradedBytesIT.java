package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.parley.wire.CloseCode;
import dev.parley.wire.Frame;
import dev.parley.wire.Opcode;

/**
 * What a client sends on the bytes after its upgrade, against {@code serve --deflate on} in a process of its own
 * (from 127.0.30.x): reads after the 101 skip Grizzly's HTTP codec ({@code server/CodecBypass}) and, with the
 * extension, go through the inflater ({@code server/InboundDeflate}). Frames sent before the 101, in the same packet
 * as the upgrade request, are dropped and the connection goes on; an HTTP request or a second upgrade request after the 101 is read as frames, and is
 * 1002; compressed fragments with pings between them get their pongs in order and the message whole; a burst of
 * empty compressed messages each comes back empty. The server keeps serving.
 */
class UpgradedBytesIT {
    private static final String ADDRESS = "127.0.30.20";
    private static AttackedServer server;

    @BeforeAll
    static void start() throws Exception {
        server = AttackedServer.start("--deflate", "on");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            server.assertHealthy();
            server.assertEchoWorks();
            server.assertStopsCleanlyOnSigterm();
        } finally {
            server.close();
        }
    }

    /**
     * RFC 6455 §4.1: a client "MUST wait" for the 101 before it sends frames. One that does not loses them: Tyrus
     * ends the handshake's read at the request (before {@code CodecBypass} existed too), holding nothing of the rest.
     * The connection is then an ordinary one: the next frame is echoed, and only it.
     */
    @ParameterizedTest(name = "deflate {0}")
    @ValueSource(booleans = {false, true})
    void framesInTheSamePacketAsTheUpgradeAreDroppedAndTheConnectionGoesOn(boolean deflate) throws Exception {
        ByteArrayOutputStream pipelined = new ByteArrayOutputStream();
        pipelined.writeBytes(RawWebSocket.frame(true, false, Opcode.TEXT, text("pipelined one")));
        pipelined.writeBytes(deflate
                ? RawWebSocket.frame(true, true, Opcode.TEXT, RawWebSocket.deflated(text("pipelined two")))
                : RawWebSocket.frame(true, false, Opcode.TEXT, text("pipelined two")));
        pipelined.writeBytes(RawWebSocket.frame(true, false, Opcode.PING, text("p")));
        try (RawWebSocket client = RawWebSocket.open(ADDRESS, server.port(), "/echo", deflate,
                pipelined.toByteArray())) {
            assertEquals(deflate, client.response.headers().first("Sec-WebSocket-Extensions").isPresent());
            client.send(RawWebSocket.frame(true, deflate, Opcode.TEXT,
                    deflate ? RawWebSocket.deflated(text("after the 101")) : text("after the 101")));
            assertEquals("after the 101", client.readMessage().text());
            client.send(RawWebSocket.frame(true, false, Opcode.CLOSE, new byte[] {0x03, (byte) 0xe8}));
            assertEquals(CloseCode.NORMAL_CLOSURE.code(), client.readCloseCode());
        }
    }

    @ParameterizedTest(name = "deflate {0}")
    @ValueSource(booleans = {false, true})
    void anHttpRequestAfterThe101Is1002(boolean deflate) throws Exception {
        try (RawWebSocket client = RawWebSocket.open(ADDRESS, server.port(), "/echo", deflate, new byte[0])) {
            client.send(text("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
            assertEquals(CloseCode.PROTOCOL_ERROR.code(), client.readCloseCode());
        }
    }

    @ParameterizedTest(name = "deflate {0}")
    @ValueSource(booleans = {false, true})
    void aSecondUpgradeRequestIs1002AfterTheFramesBeforeIt(boolean deflate) throws Exception {
        ByteArrayOutputStream after = new ByteArrayOutputStream();
        after.writeBytes(RawWebSocket.frame(true, false, Opcode.TEXT, text("before")));
        after.writeBytes(text("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n"));
        try (RawWebSocket client = RawWebSocket.open(ADDRESS, server.port(), "/echo", deflate, new byte[0])) {
            client.send(after.toByteArray());
            assertEquals("before", client.readMessage().text());
            assertEquals(CloseCode.PROTOCOL_ERROR.code(), client.readCloseCode());
        }
    }

    @Test
    void compressedFragmentsWithPingsBetweenThemMakeOneMessage() throws Exception {
        String message = "fragments and pings, ".repeat(40);
        byte[] compressed = RawWebSocket.deflated(text(message));
        int fragments = 8;
        int step = (compressed.length + fragments - 1) / fragments;
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int pings = 0;
        for (int at = 0; at < compressed.length; at += step) {
            int end = Math.min(compressed.length, at + step);
            wire.writeBytes(RawWebSocket.frame(end == compressed.length, at == 0,
                    at == 0 ? Opcode.TEXT : Opcode.CONTINUATION, java.util.Arrays.copyOfRange(compressed, at, end)));
            if (end < compressed.length) {
                wire.writeBytes(RawWebSocket.frame(true, false, Opcode.PING, text("ping " + pings++)));
            }
        }
        try (RawWebSocket client = RawWebSocket.open(ADDRESS, server.port(), "/echo", true, new byte[0])) {
            client.send(wire.toByteArray());
            for (int n = 0; n < pings; n++) {
                Frame pong = client.read();
                assertEquals(Opcode.PONG, pong.opcode());
                assertEquals("ping " + n, pong.payload().utf8());
            }
            assertEquals(message, client.readMessage().text());
        }
    }

    @Test
    void aBurstOfEmptyCompressedMessagesComesBackEmpty() throws Exception {
        int messages = 900; // within the frame burst (1000) of one connection; more is 1008 as for any frame
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int n = 0; n < messages; n++) {
            wire.writeBytes(RawWebSocket.frame(true, true, n % 2 == 0 ? Opcode.TEXT : Opcode.BINARY, new byte[0]));
        }
        wire.writeBytes(RawWebSocket.frame(true, true, Opcode.TEXT, RawWebSocket.deflated(text("done"))));
        try (RawWebSocket client = RawWebSocket.open(ADDRESS, server.port(), "/echo", true, new byte[0])) {
            client.send(wire.toByteArray());
            for (int n = 0; n < messages; n++) {
                RawWebSocket.Message echo = client.readMessage();
                assertEquals(n % 2 == 0 ? Opcode.TEXT : Opcode.BINARY, echo.opcode(), "echo " + n);
                assertEquals(0, echo.payload().length, "echo " + n);
            }
            assertEquals("done", client.readMessage().text());
        }
        assertTrue(!server.log().contains("Exception"), server.log());
    }

    /**
     * CPU amplification: a message of about 1 KiB that inflates to just under the cap costs the server a thousand times
     * its size. The frame budget counts each 16 KiB inflated as a frame (65 for such a message, not 1), so 300 of them
     * in one write (under the budget's burst of 1000 as wire frames) run into it: 1008 after a few dozen echoes.
     */
    @Test
    void messagesInflatingAThousandfoldRunIntoTheFrameBudget() throws Exception {
        byte[] compressed = RawWebSocket.deflated(new byte[(1 << 20) - 1024]);
        assertTrue(compressed.length < 2048, "the message is " + compressed.length + " bytes compressed");
        int messages = 300;
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int n = 0; n < messages; n++) {
            wire.writeBytes(RawWebSocket.frame(true, true, Opcode.BINARY, compressed));
        }
        double before = Scrape.of(server).value("parley_frame_budget_exceeded_total{budget=\"connection\"}");
        int echoed = 0;
        try (RawWebSocket client = RawWebSocket.open("127.0.30.21", server.port(), "/echo", true, new byte[0])) {
            client.send(wire.toByteArray());
            Frame frame;
            while ((frame = client.read()).opcode() != Opcode.CLOSE) {
                if (frame.fin() && !frame.isControl()) {
                    echoed++;
                }
            }
            assertEquals(CloseCode.POLICY_VIOLATION.code(), dev.parley.wire.CloseStatus.parse(frame.payload()).code());
        }
        System.out.println("inflate work: " + echoed + " of " + messages + " messages of 1023 KiB ("
                + compressed.length + " bytes compressed) echoed before 1008");
        assertTrue(echoed < messages, "every message was echoed");
        assertEquals(before + 1,
                Scrape.of(server).value("parley_frame_budget_exceeded_total{budget=\"connection\"}"));
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

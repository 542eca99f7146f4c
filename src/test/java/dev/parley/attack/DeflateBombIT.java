package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.parley.server.DeflateSocket;
import dev.parley.wire.Bytes;
import dev.parley.wire.CloseCode;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.Frame;
import dev.parley.wire.Opcode;

/**
 * Decompression bombs against {@code serve --deflate on} in a process of its own with a 128 MiB heap (issue 18): one
 * frame of about 1 MiB that inflates to 1 GiB, and a message of thousands of 16-byte compressed fragments that
 * inflates past the cap. Each is closed with 1009 once its inflated bytes pass {@code --max-message-size}, whatever
 * the compressed size; a second client keeps getting its compressed echoes meanwhile; the heap after GC grows by less
 * than the bound docs/limits.md states ("permessage-deflate").
 */
class DeflateBombIT {
    private static final Pattern BOUND = Pattern.compile("deflate bombs: the heap after GC grows by at most (\\d+) MiB");

    private static AttackedServer server;
    private static DeflateSocket bystander;
    private static long heapBefore;

    @BeforeAll
    static void start() throws Exception {
        server = AttackedServer.start("--deflate", "on");
        bystander = DeflateSocket.connect(server.uri("ws", "/echo"), "permessage-deflate");
        assertTrue(bystander.parameters.isPresent(), "the server did not negotiate permessage-deflate");
        echo("before");
        heapBefore = server.heapAfterGc();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            echo("after");
            long grown = server.heapAfterGc() - heapBefore;
            long bound = documentedBoundMiB() << 20;
            System.out.println("deflate bombs: heap after GC " + (heapBefore >> 10) + " KiB before, grew by "
                    + (grown >> 10) + " KiB");
            assertTrue(grown <= bound, "the heap after GC grew by " + (grown >> 10) + " KiB, over " + (bound >> 10));
            assertFalse(server.log().contains("WARNING"), "a WARNING in the server log");
            assertFalse(server.log().contains("Exception"), "an exception in the server log");
            server.assertHealthy();
            server.assertEchoWorks();
            server.assertStopsCleanlyOnSigterm();
        } finally {
            if (bystander != null) {
                bystander.close();
            }
            server.close();
        }
    }

    @Test
    void oneFrameInflatingToAGibibyteIs1009() throws Exception {
        byte[] bomb = zeros(1L << 30);
        assertTrue(bomb.length < 2 << 20, "the bomb is " + bomb.length + " bytes compressed");
        try (DeflateSocket attacker = DeflateSocket.connect(server.uri("ws", "/echo"), "permessage-deflate")) {
            sendIgnoringReset(attacker, attacker.encoder().encode(
                    new Frame(true, true, false, false, Opcode.BINARY, Bytes.of(bomb))));
            assertClose(attacker);
        }
        echo("after the one-frame bomb");
        Logs.await(server, "code=1009 reason=\"inflated message over 1048576 bytes\"", Duration.ofSeconds(5));
    }

    @Test
    void thousandsOfSmallCompressedFragmentsPastTheCapAre1009() throws Exception {
        byte[] compressed = zeros(64L << 20);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (DeflateSocket attacker = DeflateSocket.connect(server.uri("ws", "/echo"), "permessage-deflate")) {
            for (int at = 0; at < compressed.length; at += 16) {
                int end = Math.min(compressed.length, at + 16);
                wire.writeBytes(attacker.encoder().encode(new Frame(end == compressed.length, at == 0, false, false,
                        at == 0 ? Opcode.TEXT : Opcode.CONTINUATION,
                        Bytes.of(Arrays.copyOfRange(compressed, at, end)))));
            }
            sendIgnoringReset(attacker, wire.toByteArray());
            assertClose(attacker);
        }
        echo("after the fragment bomb");
    }

    /** {@code total} zero bytes deflated as one message: the sync flush's tail stripped (RFC 7692 §7.2.1). */
    private static byte[] zeros(long total) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] block = new byte[1 << 20];
        byte[] out = new byte[64 * 1024];
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try {
            for (long fed = 0; fed < total; fed += block.length) {
                deflater.setInput(block);
                while (!deflater.needsInput()) {
                    compressed.write(out, 0, deflater.deflate(out, 0, out.length, Deflater.NO_FLUSH));
                }
            }
            int n;
            do {
                n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
                compressed.write(out, 0, n);
            } while (n == out.length);
        } finally {
            deflater.end();
        }
        byte[] bytes = compressed.toByteArray();
        return Arrays.copyOf(bytes, bytes.length - 4);
    }

    /** The server may close before it has read everything: a reset on the way is the attack working. */
    private static void sendIgnoringReset(DeflateSocket attacker, byte[] bytes) {
        try {
            attacker.sendRaw(bytes);
        } catch (IOException reset) {
            // the close frame is read next, from what the server sent before it closed
        }
    }

    private static void assertClose(DeflateSocket attacker) throws IOException {
        DeflateSocket.Received close = attacker.read();
        assertEquals(Opcode.CLOSE, close.opcode());
        assertEquals(CloseCode.MESSAGE_TOO_BIG.code(), CloseStatus.parse(Bytes.of(close.payload())).code());
    }

    private static void echo(String text) throws IOException {
        bystander.send(Opcode.TEXT, text.getBytes(StandardCharsets.UTF_8), true, 1);
        assertEquals(text, bystander.read().text());
    }

    private static long documentedBoundMiB() throws IOException {
        Matcher bound = BOUND.matcher(Files.readString(Path.of("docs", "limits.md")));
        assertTrue(bound.find(), "docs/limits.md states no heap bound for deflate bombs");
        return Long.parseLong(bound.group(1));
    }
}

package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.parley.client.RawClient;
import dev.parley.wire.Bytes;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameEncoder;
import dev.parley.wire.MaskKeys;
import dev.parley.wire.Opcode;

/**
 * Issue 11, finding 6: back-to-back binary messages of the documented cap (1 MiB) on {@code /echo} got 1011 "Buffer
 * overflow." and a WARNING stack trace. Tyrus keeps the part of a frame it has and appends the next read to it; a
 * ~1 MiB partial frame plus a 128 KiB read passed its frame buffer. The wire guard now hands Tyrus at most 64 KiB at
 * a time, so every message up to the cap is echoed however its frames arrive.
 *
 * <p>The server's outbound bound is raised to hold every echo of a test ({@code --outbound-max-bytes}): this test is
 * about the way in; a client that sends megabytes faster than it reads them back is a slow consumer by design.
 */
class LargeMessagesIT {
    private static final int CAP = 1 << 20;            // --max-message-size default
    private static final int MESSAGES = 8;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** Heap after GC once the clients are gone: an idle server is ~4 MiB; the frame buffers must be released. */
    private static final long HEAP_BOUND = 24L << 20;

    private static AttackedServer server;
    private static ExecutorService writers;

    @BeforeAll
    static void start() throws Exception {
        server = AttackedServer.start("--outbound-max-bytes", Integer.toString(MESSAGES * (CAP + 64)));
        writers = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stop() throws Exception {
        writers.shutdownNow();
        try {
            assertFalse(server.log().contains("Buffer overflow"), "Tyrus refused a frame under the cap");
            assertFalse(server.log().contains("WARNING"), "a WARNING in the server log");
            assertFalse(server.log().contains("code=1011"), "a session closed with 1011");
            server.assertHealthy();
            server.assertEchoWorks();
            server.assertHeapAfterGcBelow(HEAP_BOUND);
            server.assertStopsCleanlyOnSigterm();
        } finally {
            server.close();
        }
    }

    @Test
    void eightMessagesOfTheCapInOneWriteAreAllEchoed() throws Exception {
        List<byte[]> payloads = payloads(new Random(1), MESSAGES, CAP, CAP);
        echo(payloads, wire -> List.of(wire));
    }

    @Test
    void messagesUpToTheCapInRandomChunksAreAllEchoed() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            List<byte[]> payloads = payloads(random, MESSAGES, CAP - 300 * 1024, CAP);
            echo(payloads, wire -> chunks(wire, random));
        }
    }

    /**
     * The case that failed most surely: the server holds all but the last 100 bytes of a 1 MiB frame when a write
     * with those 100 bytes and the whole next frame arrives, so its next read is as large as the socket allows.
     */
    @Test
    void theTailOfAFrameWithTheNextFrameInOneReadIsEchoed() throws Exception {
        List<byte[]> payloads = payloads(new Random(7), 3, CAP, CAP);
        FrameEncoder encoder = FrameEncoder.client(MaskKeys.secure());
        byte[] first = encoder.encode(Frame.binary(Bytes.of(payloads.get(0))));
        byte[] second = encoder.encode(Frame.binary(Bytes.of(payloads.get(1))));
        byte[] third = encoder.encode(Frame.binary(Bytes.of(payloads.get(2))));
        int tail = 100;
        try (RawClient client = RawClient.connect(server.uri("ws", "/echo"), READ_TIMEOUT)) {
            Future<?> head = writers.submit(() -> send(client, concat(first,
                    Arrays.copyOfRange(second, 0, second.length - tail))));
            assertEcho(payloads.get(0), client.read(), 0); // the server has read the first frame whole...
            head.get(30, TimeUnit.SECONDS);               // ...and the second up to its last 100 bytes are sent
            Future<?> rest = writers.submit(() -> send(client, concat(
                    Arrays.copyOfRange(second, second.length - tail, second.length), third)));
            assertEcho(payloads.get(1), client.read(), 1);
            assertEcho(payloads.get(2), client.read(), 2);
            rest.get(30, TimeUnit.SECONDS);
        }
    }

    private interface Splitter {
        List<byte[]> split(byte[] wire);
    }

    /** Sends the frames of {@code payloads} as {@code splitter} cuts them, from another thread, and reads every echo. */
    private static void echo(List<byte[]> payloads, Splitter splitter) throws Exception {
        FrameEncoder encoder = FrameEncoder.client(MaskKeys.secure());
        byte[] wire = new byte[0];
        for (byte[] payload : payloads) {
            wire = concat(wire, encoder.encode(Frame.binary(Bytes.of(payload))));
        }
        List<byte[]> writes = splitter.split(wire);
        try (RawClient client = RawClient.connect(server.uri("ws", "/echo"), READ_TIMEOUT)) {
            Future<?> sent = writers.submit(() -> {
                for (byte[] write : writes) {
                    send(client, write);
                }
                return null;
            });
            for (int i = 0; i < payloads.size(); i++) {
                assertEcho(payloads.get(i), client.read(), i);
            }
            sent.get(30, TimeUnit.SECONDS);
        }
    }

    private static Void send(RawClient client, byte[] bytes) throws IOException {
        client.sendRaw(bytes);
        return null;
    }

    private static void assertEcho(byte[] expected, RawClient.Received received, int index) {
        assertEquals(Opcode.BINARY, received.frame().opcode(), "message " + index + ": " + received);
        assertArrayEquals(expected, received.frame().payload().toByteArray(), "message " + index);
    }

    private static List<byte[]> payloads(Random random, int count, int minSize, int maxSize) {
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] payload = new byte[i == 0 ? maxSize : minSize + random.nextInt(maxSize - minSize + 1)];
            random.nextBytes(payload);
            payloads.add(payload);
        }
        return payloads;
    }

    /** {@code wire} cut at random into writes of 1 byte to 256 KiB. */
    private static List<byte[]> chunks(byte[] wire, Random random) {
        List<byte[]> chunks = new ArrayList<>();
        for (int at = 0; at < wire.length; ) {
            int length = Math.min(wire.length - at, 1 + random.nextInt(256 * 1024));
            chunks.add(Arrays.copyOfRange(wire, at, at + length));
            at += length;
        }
        return chunks;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}

package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Issue 16, idle memory: what an idle WebSocket connection costs the server in live heap, measured from outside as
 * the {@code idle} bench does (a class histogram, which runs a full GC and counts what survives it), against a
 * server process of its own. Not a timing test: byte counts only. The bound is docs/performance.md's ("Idle memory,
 * round 2"), read from there; it catches, for one, Grizzly's HTTP request kept again for a connection's life (about
 * 7 KB more).
 */
class IdleHeapIT {
    private static final int HELD = 2000;
    private static final int WARM_UP = 100;
    private static final Pattern BOUND = Pattern.compile("`IdleHeapIT` bound: ([0-9.]+) KB");
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");
    private static final byte[] UPGRADE = ("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    @Test
    void anIdleConnectionHoldsLessLiveHeapThanTheDocumentedBoundAndStillEchoes() throws Exception {
        double boundKb = documentedBoundKb();
        // No ping during the test (the first pong leaves the guard's decoder and Tyrus's read buffer behind: the
        // figure after it is documented beside the bound), so the reading does not depend on how long opening takes.
        try (AttackedServer server = AttackedServer.start(256, List.of("--max-connections-per-address", "10000",
                "--max-connections", "10000", "--ping-interval", "600000"))) {
            // Pools, caches and classes a first connection creates are not per connection: made before the baseline.
            List<SocketChannel> warm = open(server.port(), WARM_UP);
            echoes(warm.get(0), "warm");
            closeAll(warm);
            server.assertEchoWorks();
            awaitSessions(server, 0);
            long before = liveHeap(server.pid());
            List<SocketChannel> held = open(server.port(), HELD);
            try {
                awaitSessions(server, HELD);
                long during = liveHeap(server.pid());
                double perConnectionKb = (during - before) / 1024.0 / HELD;
                System.out.printf("idle heap: %.2f KB per connection (%d held; bound %.1f KB; KB = 1024 bytes)%n", perConnectionKb,
                        HELD, boundKb);
                assertTrue(perConnectionKb <= boundKb, String.format(
                        "%.2f KB of live heap per idle connection, over the bound of %.1f KB", perConnectionKb, boundKb));
                for (int i = 0; i < HELD; i += HELD / 20) { // idle all along, they still work
                    echoes(held.get(i), "still here " + i);
                }
                server.assertHealthy();
            } finally {
                closeAll(held);
            }
        }
    }

    /** Until the server counts {@code open} sessions (closes reach it a little after the client's), for 30 s. */
    private static void awaitSessions(AttackedServer server, long open) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        double value;
        while ((value = Scrape.of(server).value("parley_sessions_open")) != open) {
            assertTrue(System.nanoTime() < deadline, "parley_sessions_open is still " + value + ", not " + open);
            Thread.sleep(50); // the poll interval: nothing tells the test when the server has seen a close
        }
    }

    /** docs/performance.md: "`IdleHeapIT` bound: N KB". */
    private static double documentedBoundKb() throws IOException {
        Matcher bound = BOUND.matcher(Files.readString(Path.of("docs", "performance.md")));
        assertTrue(bound.find(), "docs/performance.md states no `IdleHeapIT` bound");
        return Double.parseDouble(bound.group(1));
    }

    /** {@code count} WebSocket connections to {@code /echo}, each answered 101 before the next is opened. */
    private static List<SocketChannel> open(int port, int count) throws IOException {
        List<SocketChannel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                channels.add(channel);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.write(ByteBuffer.wrap(UPGRADE));
                String head = readHead(channel);
                assertTrue(head.startsWith("HTTP/1.1 101"), "connection " + i + ": " + head);
            }
        } catch (IOException | AssertionError e) {
            closeAll(channels);
            throw e;
        }
        return channels;
    }

    /** The response head, byte by byte up to its blank line (the server sends nothing after it unasked). */
    private static String readHead(SocketChannel channel) throws IOException {
        StringBuilder head = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (head.length() < 4096 && !head.toString().endsWith("\r\n\r\n")) {
            one.clear();
            if (channel.read(one) < 0) {
                throw new IOException("closed after " + head);
            }
            head.append((char) one.get(0));
        }
        return head.toString();
    }

    /** A masked text frame (RFC 6455 §5.2) on {@code channel}; the same text comes back in an unmasked one. */
    private static void echoes(SocketChannel channel, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        ByteBuffer frame = ByteBuffer.allocate(6 + payload.length);
        frame.put((byte) 0x81).put((byte) (0x80 | payload.length)).put(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ mask[i % 4]));
        }
        channel.write(frame.flip());
        ByteBuffer answer = ByteBuffer.allocate(2 + payload.length);
        while (answer.hasRemaining()) {
            if (channel.read(answer) < 0) {
                throw new IOException("closed before the echo of " + text);
            }
        }
        byte[] expected = ByteBuffer.allocate(2 + payload.length).put((byte) 0x81).put((byte) payload.length)
                .put(payload).array();
        assertArrayEquals(expected, answer.array(), "the echo of " + text);
    }

    /** The live heap of {@code pid} in bytes: a class histogram's total (after the full GC it runs first). */
    private static long liveHeap(long pid) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jcmd.waitFor(60, TimeUnit.SECONDS), "jcmd did not finish");
        Matcher total = HISTOGRAM_TOTAL.matcher(out);
        assertTrue(total.find(), "no total in the class histogram of " + pid + ":\n" + out);
        return Long.parseLong(total.group(1));
    }

    private static void closeAll(List<SocketChannel> channels) {
        for (SocketChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing what the test opened; the server sees it either way
            }
        }
    }
}

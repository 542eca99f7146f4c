package dev.parley.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import dev.parley.server.RunningServer;
import dev.parley.wire.HttpHead;
import dev.parley.wire.UpgradeRequest;

/** {@code parley client} run in-process against the embedded server, with stdin, stdout and stderr in the test. */
class ClientCommandIT {
    private static final int CAP = 1024;
    private static final long WAIT_SECONDS = RecordingClient.WAIT.toSeconds();

    @RegisterExtension
    static final RunningServer server = new RunningServer(config -> config.withLimits(
            config.limits().withMaxMessageBytes(CAP)));

    private final Lines out = new Lines();
    private final Lines err = new Lines();

    private int run(InputStream stdin, String... args) {
        return new CommandLine(new ClientCommand(stdin)).setOut(out.writer()).setErr(err.writer()).execute(args);
    }

    private int run(String... args) {
        return run(InputStream.nullInputStream(), args);
    }

    @Test
    void aScriptedSessionPrintsEachEchoThenClosesNormally() {
        int status = run(server.ws("/echo").toString(), "-x", "hello", "-x", "你好，世界", "--wait", "2");
        assertEquals(0, status, err.all().toString());
        assertEquals(List.of("hello", "你好，世界"), out.all());
        assertEquals(List.of("connected to " + server.ws("/echo"), "closed: 1000"), err.all());
    }

    @Test
    void stdinLinesAreSentOneMessageEachAndEndOfInputCloses() {
        InputStream stdin = new ByteArrayInputStream("one\ntwo words\n\nthree\n".getBytes(StandardCharsets.UTF_8));
        int status = run(stdin, server.ws("/echo").toString(), "--wait", "2");
        assertEquals(0, status, err.all().toString());
        assertEquals(List.of("one", "two words", "", "three"), out.all());
    }

    @Test
    void aServerCloseShowsTheCodeAndReasonAndExitsWith3() {
        int status = run(server.ws("/echo").toString(), "-x", "x".repeat(CAP + 1), "--wait", "20");
        assertEquals(3, status);
        assertEquals(List.of(), out.all());
        String closed = err.all().get(err.all().size() - 1);
        assertTrue(closed.startsWith("closed: 1009 \""), closed);
    }

    @Test
    void aFailedHandshakeShowsTheHttpStatusAndExitsWith1() {
        int status = run(server.ws("/no-such-endpoint").toString(), "-x", "hello");
        assertEquals(1, status);
        assertEquals(List.of("parley client: cannot connect to " + server.ws("/no-such-endpoint")
                + ": HTTP 404"), err.all());
    }

    @Test
    void aRefusalShowsTheReasonTheServerGave() {
        int status = run(server.ws("/chat").toString(), "-x", "hello");
        assertEquals(1, status);
        assertEquals(List.of("parley client: cannot connect to " + server.ws("/chat")
                + ": HTTP 400: a name is required: /chat?name=alice"), err.all());
    }

    @Test
    void aUrlWithoutAPathSaysItIsNotAWebSocketEndpoint() {
        String url = "ws://127.0.0.1:" + server.ws("/").getPort();
        int status = run(url, "-x", "hello");
        assertEquals(1, status);
        assertEquals(List.of("parley client: cannot connect to " + url
                + ": HTTP 200: not a WebSocket endpoint (no 101)"), err.all());
    }

    @Test
    void wssOnAPlainPortGivesUpWithinTheConnectTimeout() {
        String url = "wss://127.0.0.1:" + server.ws("/").getPort() + "/echo";
        long start = System.nanoTime();
        int status = run(url, "--insecure", "--connect-timeout", "1", "-x", "hello");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(1, status);
        assertTrue(seconds < 1 + 1.5, "gave up after " + seconds + " s");
        assertEquals(List.of("parley client: cannot connect to " + url
                + ": no TLS handshake within 1 s (is it a plain ws:// port?)"), err.all());
    }

    @Test
    void aRefusedConnectionIsOneLineAndExit1() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        int status = run("ws://127.0.0.1:" + port + "/echo", "-x", "hello");
        assertEquals(1, status);
        assertEquals(List.of("parley client: cannot connect to ws://127.0.0.1:" + port + "/echo: connection refused"),
                err.all());
    }

    @Test
    void aServerThatNeverAnswersTheHandshakeIsGivenUpAtTheConnectTimeout() throws IOException {
        // the kernel completes the TCP handshake into the backlog; nobody reads the upgrade request
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "ws://127.0.0.1:" + silent.getLocalPort() + "/echo";
            long start = System.nanoTime();
            int status = run(url, "--connect-timeout", "1", "-x", "hello");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(1, status);
            assertTrue(seconds < 1 + 1.5, "gave up after " + seconds + " s");
            assertEquals(List.of("parley client: cannot connect to " + url + ": no handshake answer within 1 s"),
                    err.all());
        }
    }

    @Test
    void aUrlThatIsNotWebSocketIsAUsageError() {
        int status = run("http://127.0.0.1:8025/echo", "-x", "hello");
        assertEquals(2, status);
        assertEquals("not a ws:// or wss:// URL: http://127.0.0.1:8025/echo", err.all().get(0));
    }

    @Test
    void headersOriginAndSubprotocolsGoIntoTheUpgradeRequest() throws Exception {
        try (ServerSocket refusing = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<UpgradeRequest> received = CompletableFuture.supplyAsync(() -> answer403(refusing));
            int status = run("ws://127.0.0.1:" + refusing.getLocalPort() + "/chat", "-x", "hi",
                    "-H", "X-Trace: abc 123", "--header", "Authorization:Bearer t0k3n",
                    "--origin", "http://example.test",
                    "-s", "chat.v2", "-s", "chat.v1");
            UpgradeRequest request = received.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(1, status);
            assertTrue(err.all().get(0).endsWith(": HTTP 403"), err.all().toString());
            assertEquals("/chat", request.target());
            assertEquals(List.of("abc 123"), request.headers().all("X-Trace"));
            assertEquals(List.of("Bearer t0k3n"), request.headers().all("Authorization"));
            assertEquals(List.of("http://example.test"), request.headers().all("Origin"));
            assertEquals(List.of("chat.v2", "chat.v1"), request.headers().tokens("Sec-WebSocket-Protocol"));
        }
    }

    /** Reads one request head from the next connection and answers 403. */
    private static UpgradeRequest answer403(ServerSocket listener) {
        try (Socket socket = listener.accept()) {
            ByteBuffer head = ByteBuffer.allocate(HttpHead.MAX_HEAD);
            int length;
            while ((length = HttpHead.length(head.array(), 0, head.position())) < 0) {
                int n = socket.getInputStream().read(head.array(), head.position(), head.remaining());
                if (n < 0) {
                    throw new IOException("client closed before the end of its head");
                }
                head.position(head.position() + n);
            }
            socket.getOutputStream().write(
                    "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(
                            StandardCharsets.ISO_8859_1));
            return UpgradeRequest.parse(head.array(), 0, length);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void reconnectsAfterTheServerClosesAndSendsLaterLinesOnTheNewConnection() throws Exception {
        try (PipedOutputStream typing = new PipedOutputStream();
             PipedInputStream stdin = new PipedInputStream(typing, 64 * 1024)) {
            CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> run(stdin,
                    server.ws("/echo").toString(), "--reconnect", "--reconnect-delay", "50", "--wait", "2"));
            err.await(line -> line.startsWith("connected to "));
            type(typing, "x".repeat(CAP + 1)); // over the cap: the server closes with 1009
            err.await(line -> line.startsWith("closed: 1009"));
            err.await(line -> line.equals("reconnecting in 50 ms"));
            err.await(line -> line.startsWith("connected to "));
            type(typing, "after the reconnect");
            assertEquals("after the reconnect", out.await(line -> true));
            typing.close(); // end of input: wait, then close normally
            assertEquals(0, status.get(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals("closed: 1000", err.all().get(err.all().size() - 1));
        }
    }

    private static void type(OutputStream stdin, String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    @Test
    void theJarPrintsTheEchoOfAnExecutedMessage(@TempDir Path dir) throws Exception {
        Process client = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(System.getProperty("parley.jar")).toAbsolutePath().toString(),
                "client", server.ws("/echo").toString(), "-x", "hello", "--wait", "1")
                .directory(dir.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        try {
            String stdout = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(client.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "the client did not exit");
            assertEquals(0, client.exitValue());
            assertEquals("hello" + System.lineSeparator(), stdout);
            assertEquals(List.of("connected to " + server.ws("/echo"), "closed: 1000"),
                    Files.readAllLines(dir.resolve("stderr.txt")));
        } finally {
            client.destroyForcibly();
        }
    }

    @Test
    void binaryMessagesArePrintedAsHex() {
        assertEquals("[binary 4 bytes] 00ff10ab", ConsoleEndpoint.formatBinary(new byte[] {0, -1, 16, (byte) 0xAB}));
    }
}

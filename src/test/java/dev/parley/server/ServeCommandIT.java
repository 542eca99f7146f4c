package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.client.RawClient;
import dev.parley.client.RecordingClient;
import dev.parley.wire.Frame;
import dev.parley.wire.Opcode;
import dev.parley.wire.RawFrames;

/** {@code java -jar target/parley.jar serve} as a user runs it: a separate process, signalled like one. */
class ServeCommandIT {
    private static final long WAIT_SECONDS = RecordingClient.WAIT.toSeconds();

    @Test
    void sigtermClosesOpenWebSocketsWith1001AndExits(@TempDir Path elsewhere) throws Exception {
        // Run from an empty directory: the page must come out of the jar, not the working directory.
        Process serve = start(elsewhere, "serve", "--port", "0");
        try {
            URI base = URI.create(ServeProcess.awaitServingLine(serve));
            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(base).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<title>Parley</title>"));

            echoThenSigterm(serve, RecordingClient.connect(URI.create(
                    base.toString().replaceFirst("^http", "ws") + "echo")));
        } finally {
            serve.destroyForcibly();
        }
    }

    /**
     * One echo through {@code client}, then SIGTERM to {@code serve}: the client is closed with 1001 (going away) and
     * the process exits.
     */
    static void echoThenSigterm(Process serve, RecordingClient connected) throws Exception {
        try (RecordingClient client = connected) {
            client.send("hello from the jar");
            assertEquals("hello from the jar", client.nextText());

            serve.destroy(); // SIGTERM

            assertEquals(CloseReason.CloseCodes.GOING_AWAY, client.awaitClose().getCloseCode());
        }
        assertTrue(serve.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "serve did not exit after SIGTERM");
    }

    @Test
    void theRunningJarFailsBadFramesWithTheRightCloseCodes(@TempDir Path dir) throws Exception {
        // A 64 MB heap: a server that tried to buffer a frame announcing 2^62 (or even 2^30) bytes could not.
        Process serve = start(dir, List.of("-Xmx64m"), "serve", "--port", "0");
        try {
            URI echo = URI.create(ServeProcess.awaitServingLine(serve).replaceFirst("^http", "ws") + "echo");
            assertClosedWith(echo, RawFrames.frame(0x81).unmasked().payloadText("hello").build(), 1002);
            assertClosedWith(echo, RawFrames.frame(0x82).declaredLength(1L << 62).build(), 1009);
            assertClosedWith(echo, RawFrames.frame(0x82).declaredLength(1L << 30).build(), 1009);
            // Only the first fragment is sent: the 1007 cannot wait for the last one.
            assertClosedWith(echo, RawFrames.frame(false, 0, 0x1).payloadHex("48656c6c6fc0af").build(), 1007);
            try (RawClient client = RawClient.connect(echo, RecordingClient.WAIT)) {
                client.send(Frame.text("still serving"));
                assertEquals("still serving", client.read().frame().text());
            }
        } finally {
            serve.destroyForcibly();
        }
    }

    private static void assertClosedWith(URI echo, byte[] bytes, int code) throws IOException {
        try (RawClient client = RawClient.connect(echo, RecordingClient.WAIT)) {
            client.sendRaw(bytes);
            Frame close = client.read().frame();
            assertEquals(Opcode.CLOSE, close.opcode(), close.toString());
            assertEquals(code, close.closeStatus().code(), close.closeStatus().toString());
            assertTrue(client.awaitEndOfStream());
        }
    }

    @Test
    void aPortInUseIsOneClearLineAndANonZeroExit(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Process serve = start(dir, "serve", "--port", String.valueOf(taken.getLocalPort()));
            try {
                assertTrue(serve.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "serve kept running on a taken port");
                assertEquals(1, serve.exitValue());
                List<String> errors = Files.readAllLines(dir.resolve("stderr.txt"));
                assertEquals(List.of("parley: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                        + ": Address already in use"), errors);
            } finally {
                serve.destroyForcibly();
            }
        }
    }

    @Test
    void anImpossiblePortIsAUsageErrorWithoutStackTrace(@TempDir Path dir) throws Exception {
        assertUsageError(start(dir, "serve", "--port", "70000"), dir, "port must be 0-65535, not 70000");
    }

    @Test
    void impossibleHttpLimitsAreUsageErrors(@TempDir Path dir) throws Exception {
        assertUsageError(start(dir, "serve", "--max-connections", "1"), dir,
                "max connections must be at least 2, not 1");
        assertUsageError(start(dir, "serve", "--http-head-timeout", "0"), dir,
                "the HTTP head timeout must be positive, not 0 ms");
    }

    /** {@code serve} (started in {@code dir}) exits 2, stderr starting "parley serve: " + message, no stack trace. */
    static void assertUsageError(Process serve, Path dir, String message) throws Exception {
        try {
            assertTrue(serve.waitFor(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(2, serve.exitValue());
            String errors = Files.readString(dir.resolve("stderr.txt"));
            assertTrue(errors.startsWith("parley serve: " + message), errors);
            assertFalse(errors.contains("Exception"), errors);
        } finally {
            serve.destroyForcibly();
        }
    }

    private static Process start(Path dir, String... args) throws IOException {
        return start(dir, List.of(), args);
    }

    private static Process start(Path dir, List<String> jvmOptions, String... args) throws IOException {
        return ServeProcess.start(dir, jvmOptions, List.of(), Map.of(), args);
    }

}

package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.client.RecordingClient;

/** {@code java -jar target/parley.jar serve} as a user runs it: a separate process, signalled like one. */
class ServeCommandIT {
    private static final Pattern SERVING = Pattern.compile("Parley serving (http://\\S+/)");
    private static final long WAIT_SECONDS = RecordingClient.WAIT.toSeconds();

    @Test
    void sigtermClosesOpenWebSocketsWith1001AndExits(@TempDir Path elsewhere) throws Exception {
        // Run from an empty directory: the page must come out of the jar, not the working directory.
        Process serve = start(elsewhere, "serve", "--port", "0");
        try {
            URI base = URI.create(awaitServingLine(serve));
            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(base).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<title>Parley</title>"));

            try (RecordingClient client = RecordingClient.connect(URI.create(
                    base.toString().replaceFirst("^http", "ws") + "echo"))) {
                client.send("hello");
                assertEquals("hello", client.nextText());

                serve.destroy(); // SIGTERM

                assertEquals(CloseReason.CloseCodes.GOING_AWAY, client.awaitClose().getCloseCode());
            }
            assertTrue(serve.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "serve did not exit after SIGTERM");
        } finally {
            serve.destroyForcibly();
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
        Process serve = start(dir, "serve", "--port", "70000");
        try {
            assertTrue(serve.waitFor(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(2, serve.exitValue());
            String errors = Files.readString(dir.resolve("stderr.txt"));
            assertTrue(errors.startsWith("port must be 0-65535, not 70000"), errors);
            assertFalse(errors.contains("Exception"), errors);
        } finally {
            serve.destroyForcibly();
        }
    }

    private static Process start(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(System.getProperty("parley.jar")).toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
    }

    /** The base URL from the "Parley serving ..." line on stdout. */
    private static String awaitServingLine(Process serve) throws Exception {
        CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher serving = SERVING.matcher(line);
                    if (serving.find()) {
                        return serving.group(1);
                    }
                }
                throw new IllegalStateException("serve exited without a 'Parley serving' line");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return url.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}

package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.parley.client.RecordingClient;
import dev.parley.deploy.JvmHeap;
import dev.parley.deploy.ServerProcess;
import dev.parley.deploy.Watchdog;

/**
 * {@code java -Xmx128m -jar target/parley.jar serve} in a process of its own, as an attacker meets it, with the
 * checks every attack test makes afterwards: {@code /health} still answers within a second, a fresh client still
 * gets its echo, the heap after a full GC stays under a stated bound, and SIGTERM still stops the server.
 *
 * <pre>{@code
 * try (AttackedServer server = AttackedServer.start("--rate", "5")) {
 *     // ... attack server.uri("ws", "/chat") ...
 *     server.assertHealthy();
 *     server.assertEchoWorks();
 *     server.assertHeapAfterGcBelow(40 << 20);
 *     server.assertStopsCleanlyOnSigterm();
 * }
 * }</pre>
 *
 * The server cannot outlive the test JVM: it runs with the {@link Watchdog} agent on a stdin pipe
 * ({@link ServerProcess}).
 */
public final class AttackedServer implements AutoCloseable {
    /** The heap of an attacked server unless a test says otherwise. */
    public static final int DEFAULT_HEAP_MB = 128;
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(1);
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static final Duration STOPS_WITHIN = Duration.ofSeconds(15);

    private final ServerProcess process;
    private final int port;
    private final int heapMegabytes;

    private AttackedServer(ServerProcess process, int port, int heapMegabytes) {
        this.process = process;
        this.port = port;
        this.heapMegabytes = heapMegabytes;
    }

    /** {@code serve --port <free> serveArgs} with a {@value #DEFAULT_HEAP_MB} MB heap, once {@code /health} answers. */
    public static AttackedServer start(String... serveArgs) throws Exception {
        return start(DEFAULT_HEAP_MB, List.of(serveArgs));
    }

    /** {@code serve --port <free> serveArgs} with a heap of {@code heapMegabytes}, once {@code /health} answers. */
    public static AttackedServer start(int heapMegabytes, List<String> serveArgs) throws Exception {
        Path work = Path.of("target", "it-work", "attack").toAbsolutePath();
        Path jar = Path.of("target", "parley.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "build the jar first (mvn package): " + jar);
        int port = ServerProcess.freeLoopbackPort();
        List<String> command = new ArrayList<>(List.of(javaBinary("java"), "-Xmx" + heapMegabytes + "m",
                "-javaagent:" + ServerProcess.jarOf(work.resolve("watchdog.jar"), Watchdog.class.getName(),
                        Watchdog.class),
                "-jar", jar.toString(), "serve", "--port", Integer.toString(port)));
        command.addAll(serveArgs);
        Path log = work.resolve("server-" + port + ".log");
        ServerProcess process = ServerProcess.start("parley on " + port, command, log);
        AttackedServer server = new AttackedServer(process, port, heapMegabytes);
        try {
            process.awaitHttp200(server.uri("http", "/health"), READY_WITHIN);
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public int heapMegabytes() {
        return heapMegabytes;
    }

    /** {@code scheme://127.0.0.1:port/path}, e.g. {@code uri("ws", "/chat?name=alice")}. */
    public URI uri(String scheme, String pathAndQuery) {
        return URI.create(scheme + "://127.0.0.1:" + port + pathAndQuery);
    }

    /** Everything the server has logged so far (stdout and stderr). */
    public String log() throws IOException {
        return Files.readString(process.log(), StandardCharsets.UTF_8);
    }

    /** {@code GET /health} on a new connection answers 200 within a second. */
    public void assertHealthy() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(HEALTHY_WITHIN).build();
        long start = System.nanoTime();
        HttpResponse<String> health;
        try {
            health = http.send(HttpRequest.newBuilder(uri("http", "/health")).timeout(HEALTHY_WITHIN).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("/health did not answer within " + HEALTHY_WITHIN.toMillis() + " ms: " + e, e);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(200, health.statusCode(), "/health after " + millis + " ms: " + health.body());
        assertTrue(millis <= HEALTHY_WITHIN.toMillis(), "/health took " + millis + " ms");
    }

    /** A new Tyrus client on {@code /echo} gets its text back. */
    public void assertEchoWorks() throws Exception {
        try (RecordingClient client = RecordingClient.connect(uri("ws", "/echo"))) {
            client.send("still serving");
            assertEquals("still serving", client.nextText());
        }
    }

    /** The live heap right after a full GC ({@code jcmd GC.class_histogram}: {@link JvmHeap}), in bytes. */
    public long heapAfterGc() throws Exception {
        return JvmHeap.usedAfterFullGc(process.pid());
    }

    /** {@link #heapAfterGc()} is at most {@code bytes}. */
    public void assertHeapAfterGcBelow(long bytes) throws Exception {
        long used = heapAfterGc();
        assertTrue(used <= bytes, "heap after GC is " + (used >> 10) + " KiB, over the bound of " + (bytes >> 10)
                + " KiB");
    }

    /** SIGTERM: the server exits within 15 s, through the JVM's shutdown (exit status 143, or 0). */
    public void assertStopsCleanlyOnSigterm() throws Exception {
        ProcessHandle handle = ProcessHandle.of(process.pid()).orElseThrow(
                () -> new AssertionError("the server had already exited:\n" + process.tail()));
        assertTrue(handle.destroy(), "SIGTERM could not be sent");
        try {
            handle.onExit().get(STOPS_WITHIN.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the server did not stop within " + STOPS_WITHIN + " of SIGTERM:\n"
                    + process.tail());
        }
        int status = process.exitValue();
        assertTrue(status == 143 || status == 0, "exit status " + status + " after SIGTERM:\n" + process.tail());
    }

    private static String javaBinary(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /** Stops the server (stdin closed, then SIGTERM, then SIGKILL), if the test has not already. */
    @Override
    public void close() {
        process.close();
    }
}

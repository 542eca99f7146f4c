package dev.parley.scaling;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.parley.deploy.ServerProcess;
import dev.parley.deploy.Watchdog;

/**
 * One Parley node as operators run it, {@code java -Xmx256m -jar target/parley.jar serve --port 0 ...} in a process of
 * its own, so that a test can {@link #kill()} it with SIGKILL: no shutdown hook, no goodbye to Redis, its sockets
 * reset by the kernel. The port is the one the node reports ({@code Parley serving http://...}). It cannot outlive the
 * test JVM ({@link Watchdog} on a stdin pipe, {@link ServerProcess}).
 */
public final class JarNode implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("Parley serving http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Duration READY_WITHIN = Duration.ofSeconds(90);

    private final String name;
    private final ServerProcess process;
    private final int port;

    private JarNode(String name, ServerProcess process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /** {@code serve --port 0 serveArgs} (e.g. {@code "--redis", uri}), once {@code /health} answers 200. */
    public static JarNode start(String name, String... serveArgs) throws Exception {
        Path work = Path.of("target", "it-work", "nodes").toAbsolutePath();
        Path jar = Path.of("target", "parley.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the jar first (mvn package): " + jar);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-javaagent:" + ServerProcess.jarOf(work.resolve("watchdog.jar"), Watchdog.class.getName(),
                        Watchdog.class),
                "-jar", jar.toString(), "serve", "--port", "0"));
        command.addAll(List.of(serveArgs));
        Path log = Files.createTempFile(Files.createDirectories(work), name + "-", ".log");
        ServerProcess process = ServerProcess.start("parley node " + name, command, log);
        try {
            int port = awaitPort(process);
            JarNode node = new JarNode(name, process, port);
            process.awaitHttp200(node.http("/health"), READY_WITHIN);
            return node;
        } catch (Exception | AssertionError e) {
            process.close();
            throw e;
        }
    }

    private static int awaitPort(ServerProcess process) throws Exception {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher serving = SERVING.matcher(Files.readString(process.log(), StandardCharsets.UTF_8));
            if (serving.find()) {
                return Integer.parseInt(serving.group(1));
            }
            if (ProcessHandle.of(process.pid()).filter(ProcessHandle::isAlive).isEmpty()) {
                throw new IllegalStateException("the node exited before it served:\n" + process.tail());
            }
            Thread.sleep(100); // the poll interval: the log is a file
        }
        throw new IllegalStateException("no 'Parley serving' line within " + READY_WITHIN + ":\n" + process.tail());
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** {@code http://127.0.0.1:port/path}. */
    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** {@code ws://127.0.0.1:port/path}. */
    public URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    /** Everything the node has logged so far. */
    public String log() throws IOException {
        return Files.readString(process.log(), StandardCharsets.UTF_8);
    }

    /** {@code kill -9}: SIGKILL, and waits until the process is gone. */
    public void kill() throws Exception {
        ProcessHandle handle = ProcessHandle.of(process.pid()).orElseThrow(
                () -> new IllegalStateException(name + " had already exited:\n" + process.tail()));
        handle.destroyForcibly();
        handle.onExit().get(30, TimeUnit.SECONDS);
    }

    /** Stops the node gracefully if it still runs (stdin closed, then SIGTERM, then SIGKILL). */
    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", port " + port + ")";
    }
}

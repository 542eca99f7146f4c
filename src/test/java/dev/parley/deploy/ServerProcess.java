package dev.parley.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * An app server in a child JVM that cannot outlive the test JVM:
 * <ul>
 * <li>its stdin is a pipe from us; the child exits at end of file ({@link Watchdog} agent, or the launcher's own
 *     loop), so it goes even when this JVM is SIGKILLed and no hook runs;</li>
 * <li>{@link #close()} closes that pipe, waits, then SIGTERM, then SIGKILL, the process and its descendants;</li>
 * <li>a shutdown hook does the same if this JVM exits before {@link #close()} (System.exit, Ctrl-C, SIGTERM).</li>
 * </ul>
 * Output goes to a log file (never a pipe we would have to drain).
 */
public final class ServerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final Thread hook;

    private ServerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.hook = new Thread(this::kill, "stop " + name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static ServerProcess start(String name, List<String> command, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())     // stdin stays a pipe: the child's lifeline
                .start();
        return new ServerProcess(name, process, log);
    }

    /** Polls {@code url} until it answers 200; fails early if the process dies. */
    public Duration awaitHttp200(URI url, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready:\n" + tail());
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (IOException notYet) {
                // connection refused while booting
            }
            Thread.sleep(250); // the poll interval: nothing tells us when an app server is ready
        }
        close();
        throw new IllegalStateException(name + " not ready at " + url + " after " + timeout + ":\n" + tail());
    }

    public long pid() {
        return process.pid();
    }

    /** The exit status; throws if the process is still running. */
    public int exitValue() {
        return process.exitValue();
    }

    public Path log() {
        return log;
    }

    /**
     * Graceful (stdin EOF) for up to 30 s, then SIGTERM for 10 s, then SIGKILL; descendants too.
     *
     * @throws IllegalStateException if the process or one of its descendants is still alive after all that
     */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will run: fine
        }
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        family.add(process.toHandle());
        kill();
        List<Long> survivors = family.stream().filter(ServerProcess::outlives).map(ProcessHandle::pid).toList();
        if (!survivors.isEmpty()) {
            throw new IllegalStateException(name + " left processes running: " + survivors);
        }
    }

    /** True if the process is still there 10 s after it was told to go. */
    private static boolean outlives(ProcessHandle handle) {
        try {
            handle.onExit().get(10, TimeUnit.SECONDS);
            return false;
        } catch (TimeoutException | ExecutionException e) {
            return handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return handle.isAlive();
        }
    }

    private void kill() {
        List<ProcessHandle> descendants = process.descendants().toList();
        try {
            process.getOutputStream().close(); // the signal: the server's stdin reaches end of file
        } catch (IOException alreadyClosed) {
            // the pipe is gone with the process: nothing left to signal
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A jar of the given classes (from our own classpath), optionally a Java agent with Premain-Class. */
    public static Path jarOf(Path jar, String premainClass, Class<?>... classes) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (premainClass != null) {
            manifest.getMainAttributes().putValue("Premain-Class", premainClass);
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Class<?> c : classes) {
                String entry = c.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }
}

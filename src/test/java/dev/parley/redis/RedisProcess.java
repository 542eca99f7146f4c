package dev.parley.redis;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code redis-server} (scripts/ensure-redis.sh installs it) for one test class, on a free loopback port,
 * without persistence: {@code @RegisterExtension static final RedisProcess redis = new RedisProcess();}. Started
 * before the class's tests, stopped after them (and by a shutdown hook should the JVM end first). Its data directory
 * and log ({@code redis.log}) are under {@code target/redis/}; the command line keeps {@code --dir} (no process
 * title) so {@code .ci/run} can tell a leftover of this checkout. Can stop, restart (same port, data lost), pause
 * ({@code CLIENT PAUSE}) and freeze (SIGSTOP) the server, and run a command on it.
 */
public final class RedisProcess implements BeforeAllCallback, AfterAllCallback {
    private static final String SERVER = System.getProperty("parley.redis-server", "/usr/bin/redis-server");
    private static final Duration READY = Duration.ofSeconds(20);
    private static final int BIND_ATTEMPTS = 5;

    private final Thread hook = new Thread(this::kill, "redis-process-hook");
    private final List<String> extraArgs;
    /** The {@code --requirepass} among the extra arguments, which {@link #cli} then sends first; or null. */
    private final String password;
    private Path dir;
    private int port;
    private Process process;
    private boolean frozen;

    public RedisProcess() {
        this(new String[0]);
    }

    /** A server started with {@code args} added to the command line ({@code "--requirepass", "s3cret"}). */
    public RedisProcess(String... args) {
        this.extraArgs = List.of(args);
        int at = extraArgs.indexOf("--requirepass");
        this.password = at >= 0 && at + 1 < extraArgs.size() ? extraArgs.get(at + 1) : null;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
            // the hook runs (or ran) anyway; nothing is left to remove
        }
    }

    /** Starts the server on a free port (a new one per attempt if another process took it first). */
    public synchronized void start() {
        if (process != null) {
            throw new IllegalStateException("redis-server is already running on port " + port);
        }
        try {
            Path base = Path.of(System.getProperty("user.dir"), "target", "redis");
            Files.createDirectories(base);
            dir = Files.createTempDirectory(base, "redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalArgumentException alreadyAdded) {
            // started again after a stop()
        }
        IllegalStateException last = null;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            try {
                launch(freePort());
                return;
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    /** redis://127.0.0.1:port */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Whether the server runs (started and not stopped; frozen counts as running). */
    public synchronized boolean isRunning() {
        return process != null;
    }

    /** The server's process id (while it runs). */
    public synchronized long pid() {
        return requireRunning().pid();
    }

    /** Stops the server (a frozen one too) and waits for it to end. Does nothing if it is not running. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        if (frozen) {
            signal(p, "CONT");
            frozen = false;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server and starts a new one on the same port: without persistence, every key is gone. */
    public synchronized void restart() {
        stop();
        IllegalStateException last = null;
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) { // the port was ours a moment ago; another process may hold it briefly
            try {
                launch(port);
                return;
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last != null ? last : new IllegalStateException("redis-server did not restart on port " + port);
    }

    /**
     * {@code CLIENT PAUSE <ms> ALL}: every client's commands wait that long (the server still accepts connections).
     * Redis 7.0 holds {@code CLIENT UNPAUSE} too, so a pause cannot be cut short: keep it brief.
     */
    public void pause(Duration duration) {
        cli("CLIENT", "PAUSE", Long.toString(duration.toMillis()), "ALL");
    }

    /** SIGSTOP: the server neither answers nor closes anything until {@link #thaw()}; connections stay open. */
    public synchronized void freeze() {
        signal(requireRunning(), "STOP");
        frozen = true;
    }

    /** SIGCONT after {@link #freeze()} (nothing if not frozen). */
    public synchronized void thaw() {
        if (!frozen) {
            return;
        }
        signal(requireRunning(), "CONT");
        frozen = false;
    }

    /**
     * Runs one command over a fresh connection and returns its reply as text: a status or bulk string as is, an
     * integer in decimal, a nil as null, an array as its elements one per line (nested arrays flattened). An error
     * reply throws {@link IllegalStateException} with its text. Waits at most 10 s (so not on a frozen server).
     * Authenticates first when the server was started with {@code --requirepass}.
     */
    public String cli(String... args) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
            if (password != null) {
                out.write(Resp.command("AUTH", password));
                out.flush();
                Resp.read(in);
            }
            out.write(Resp.command(args));
            out.flush();
            return Resp.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("redis " + String.join(" ", args) + " on port " + port, e);
        }
    }

    private void launch(int onPort) {
        List<String> command = new ArrayList<>(List.of(SERVER, "--bind", "127.0.0.1", "--port",
                Integer.toString(onPort), "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--daemonize", "no", "--enable-debug-command", "local", "--set-proc-title", "no"));
        command.addAll(extraArgs);
        Path log = dir.resolve("redis.log");
        Process started;
        try {
            started = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + SERVER + " (scripts/ensure-redis.sh installs it)", e);
        }
        port = onPort;
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                throw new IllegalStateException("redis-server on port " + onPort + " exited: " + tail(log));
            }
            try {
                // ours, not another server that took the port first (then ours exits: next attempt)
                if (cli("INFO", "server").contains("\nprocess_id:" + started.pid() + "\r")) {
                    process = started;
                    frozen = false;
                    return;
                }
            } catch (UncheckedIOException | IllegalStateException notYet) {
                // not listening yet, or still loading
            }
            try {
                started.waitFor(20, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                started.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting redis-server", e);
            }
        }
        // alive but never answered
        if (started.isAlive()) {
            started.destroyForcibly();
            throw new IllegalStateException("redis-server on port " + onPort + " did not answer PING within "
                    + READY + ": " + tail(log));
        }
        throw new IllegalStateException("redis-server on port " + onPort + " exited: " + tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private Process requireRunning() {
        if (process == null) {
            throw new IllegalStateException("redis-server is not running");
        }
        return process;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void signal(Process p, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private synchronized void kill() {
        if (process != null) {
            process.destroyForcibly(); // SIGKILL ends a stopped process too
        }
    }
}

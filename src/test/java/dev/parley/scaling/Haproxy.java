package dev.parley.scaling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.parley.deploy.ServerProcess;

/**
 * Debian's HAProxy ({@code /usr/sbin/haproxy}, scripts/ensure-haproxy.sh) in front of Parley nodes, as
 * docs/scaling.md configures it ({@link HaproxyConfig}): a frontend on a free loopback port, the nodes as one
 * backend ({@code leastconn}, health-checked on {@code GET /health}), and a stats listener of its own that tells when
 * every node is up. For a test class, after the nodes' extensions:
 *
 * <pre>{@code @RegisterExtension static final Haproxy lb = Haproxy.of(() -> List.of(a.http("/"), b.http("/")));}</pre>
 *
 * or {@link #start} for nodes a test starts itself. HAProxy runs under a shell that kills it when its stdin (a pipe
 * from this JVM) ends, so it cannot outlive the test JVM, and with its config under {@code target/}, which .ci/run's
 * leftover check looks for.
 */
public final class Haproxy implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    static final String BINARY = "/usr/sbin/haproxy";
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    private final int port;
    private final Supplier<List<URI>> backends;
    private HaproxyConfig config;
    private ServerProcess process;

    private Haproxy(int port, Supplier<List<URI>> backends) {
        this.port = port;
        this.backends = backends;
    }

    /**
     * An extension balancing over {@code backends}, asked for in {@code beforeAll} (once the nodes run). Its port is
     * chosen now, so that the nodes can be told the {@link #origin()} their pages come from.
     */
    public static Haproxy of(Supplier<List<URI>> backends) {
        try {
            return new Haproxy(ServerProcess.freeLoopbackPort(), backends);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HAProxy over {@code backends} (node base URLs, {@code http://127.0.0.1:port/}), once every one is up. */
    public static Haproxy start(List<URI> backends) throws Exception {
        return start(ServerProcess.freeLoopbackPort(), backends);
    }

    /** As {@link #start(List)}, on {@code port}. */
    public static Haproxy start(int port, List<URI> backends) throws Exception {
        Haproxy haproxy = new Haproxy(port, () -> backends);
        haproxy.run();
        return haproxy;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        run();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void run() throws Exception {
        config = HaproxyConfig.forNodes(backends.get(), port, ServerProcess.freeLoopbackPort());
        Path dir = Path.of("target", "it-work", "haproxy", Integer.toString(port)).toAbsolutePath();
        Files.createDirectories(dir);
        Path file = Files.writeString(dir.resolve("haproxy.cfg"), config.text());
        // The shell waits for HAProxy, and a subshell for the shell's stdin (fd 3) to end: when this JVM closes the
        // pipe (close(), or the kernel after any death of this JVM), it stops HAProxy. The shell exits with HAProxy.
        String lifeline = "exec 3<&0; \"$0\" -f \"$1\" -db </dev/null 3<&- & child=$!;"
                + " (cat <&3 >/dev/null; kill $child 2>/dev/null) & exec 3<&-;"
                + " wait $child; status=$?; echo \"haproxy exited with status $status\"; exit $status";
        process = ServerProcess.start("haproxy on " + port,
                List.of("/bin/sh", "-c", lifeline, BINARY, file.toString()), dir.resolve("haproxy.log"));
        try {
            awaitNodes(READY_WITHIN, "UP");
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:port}: the origin of pages loaded through the frontend, which the nodes must allow. */
    public String origin() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code http://127.0.0.1:port/path} on the frontend. */
    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** {@code ws://127.0.0.1:port/path} on the frontend. */
    public URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    /** The name HAProxy gives the node at {@code backend}: {@code node1}, {@code node2}, ... in the order given. */
    public String nodeName(URI backend) {
        return config.nodeName(backend);
    }

    /** Each node's status as HAProxy's stats show it ({@code UP}, {@code DOWN}, ...), by {@link #nodeName}. */
    public Map<String, String> nodeStatuses() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String csv = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + config.statsPort()
                + HaproxyConfig.STATS_PATH + ";csv")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, String> statuses = new LinkedHashMap<>();
        List<String> header = null;
        for (String line : csv.split("\n")) {
            List<String> fields = List.of(line.split(",", -1));
            if (line.startsWith("# ")) {
                header = List.of(line.substring(2).split(",", -1));
            } else if (header != null && fields.size() == header.size()
                    && fields.get(header.indexOf("pxname")).equals(HaproxyConfig.BACKEND)
                    && !fields.get(header.indexOf("svname")).equals("BACKEND")) {
                // "UP" only once a check passed: before its first check a node shows "UP" with check_status "INI"
                String status = fields.get(header.indexOf("status"));
                String check = fields.get(header.indexOf("check_status"));
                statuses.put(fields.get(header.indexOf("svname")),
                        status.equals("UP") && !check.startsWith("L7OK") ? "UP, not checked yet (" + check + ")"
                                : status);
            }
        }
        return statuses;
    }

    /** Waits until every node has {@code status} (e.g. {@code "UP"}, {@code "DOWN"}). */
    public void awaitNodes(Duration within, String status) throws Exception {
        awaitStatuses(within, "every node " + status, s -> !s.isEmpty()
                && s.values().stream().allMatch(status::equals));
    }

    /** Waits until the node at {@code backend} has {@code status}. */
    public void awaitNode(URI backend, String status, Duration within) throws Exception {
        String name = nodeName(backend);
        awaitStatuses(within, name + " " + status, s -> status.equals(s.get(name)));
    }

    private void awaitStatuses(Duration within, String what, Predicate<Map<String, String>> done) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        Map<String, String> last = Map.of();
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(process.pid()).filter(ProcessHandle::isAlive).isEmpty()) {
                throw new IllegalStateException("haproxy exited:\n" + process.tail());
            }
            try {
                last = nodeStatuses();
                if (done.test(last)) {
                    return;
                }
            } catch (IOException notYet) {
                // the stats listener is not bound yet
            }
            Thread.sleep(100); // the poll interval: HAProxy tells nobody when a check passes
        }
        throw new AssertionError("haproxy: not " + what + " within " + within + ": " + last + "\n" + process.tail());
    }

    /** The log HAProxy has written (its warnings and alerts). */
    public String log() throws IOException {
        return Files.readString(process.log());
    }

    /** Stops HAProxy (its lifeline closed; SIGTERM, SIGKILL if need be). */
    @Override
    public void close() {
        if (process != null) {
            process.close();
            process = null;
        }
    }
}

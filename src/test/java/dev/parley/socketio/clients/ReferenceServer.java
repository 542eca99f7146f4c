package dev.parley.socketio.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.parley.deploy.ServerProcess;
import dev.parley.json.JsonText;

/**
 * The official Node server (npm socket.io 4.8, peers/socketio/reference-server.js) on a free loopback port, for a
 * test class: {@code @RegisterExtension static final ReferenceServer reference = ReferenceServer.contract();}. It
 * keeps peers/socketio/CONTRACT.md, or with {@link #suiteFixture()} serves the upstream suites' fixture. The process
 * cannot outlive the test JVM: its stdin is a pipe from this JVM and it exits when that ends
 * ({@code --exit-on-stdin-end}, {@link ServerProcess}); its log is under {@code target/it-work/socketio-reference/}.
 */
public final class ReferenceServer implements SocketIoServer, BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    private final boolean suite;
    private int port;
    private ServerProcess process;

    private ReferenceServer(boolean suite) {
        this.suite = suite;
    }

    /** The server of the client contract (namespaces /, /second, /chat). */
    public static ReferenceServer contract() {
        return new ReferenceServer(false);
    }

    /** The upstream suites' fixture: /engine.io/ echo, /socket.io/ suite handler, pingInterval 300, pingTimeout 200. */
    public static ReferenceServer suiteFixture() {
        return new ReferenceServer(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Starts the server and returns once it answers an Engine.IO handshake. */
    public synchronized ReferenceServer start() throws Exception {
        if (process != null) {
            throw new IllegalStateException("the reference server runs already on port " + port);
        }
        port = ServerProcess.freeLoopbackPort();
        List<String> command = new ArrayList<>(List.of("node",
                OfficialClient.PEER.resolve("reference-server.js").toString(), Integer.toString(port),
                "--exit-on-stdin-end"));
        if (suite) {
            command.add("--suite");
        }
        Path log = Path.of(System.getProperty("user.dir"), "target", "it-work", "socketio-reference",
                "reference-" + port + ".log");
        process = ServerProcess.start("socket.io reference on " + port, command, log);
        try {
            process.awaitHttp200(url().resolve("/socket.io/?EIO=4&transport=polling"), READY_WITHIN);
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
        return this;
    }

    @Override
    public URI url() {
        if (port == 0) {
            throw new IllegalStateException("the reference server has not been started");
        }
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public String name() {
        return "socket.io " + version() + " reference" + (suite ? " (suite fixture)" : "");
    }

    /** The socket.io version installed in peers/socketio/node_modules (the lockfile's). */
    static String version() {
        try {
            String json = Files.readString(OfficialClient.PEER.resolve("node_modules/socket.io/package.json"));
            return JsonText.readObject(json).getString("version");
        } catch (IOException e) {
            throw new UncheckedIOException("peers/socketio is not installed (scripts/ensure-socketio-clients.sh)", e);
        }
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            ServerProcess p = process;
            process = null;
            p.close();
        }
    }
}

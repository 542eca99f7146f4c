package dev.parley.socketio.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.server.ServeProcess;
import dev.parley.socketio.SocketIoServer;
import dev.parley.socketio.SocketIoSetup;

/**
 * Your own namespaces on {@code serve}, as a user runs it (docs/socketio-api.md): a separate process,
 * {@code java -cp target/parley.jar:<your classes> dev.parley.Parley serve --socketio-namespaces <class>}; the official
 * Node client reaches {@link ContractFixture}'s namespaces, and a class that is missing or fails is one line on
 * stderr and exit status 1.
 */
class SocketIoNamespacesServeIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A setup with a bug. */
    public static final class Broken implements SocketIoSetup {
        @Override
        public void setUp(SocketIoServer server) {
            server.namespace("no-slash");
        }
    }

    @Test
    void theNamedClassesNamespacesServeTheOfficialClient(@TempDir Path dir) throws Exception {
        Process serve = start(dir, Map.of(), "--socketio-namespaces", ContractFixture.class.getName());
        try {
            URI base = URI.create(ServeProcess.awaitServingLine(serve));
            ClientRun run = ClientProcess.run(OfficialClient.NODE, new dev.parley.socketio.clients.SocketIoServer() {
                @Override
                public URI url() {
                    return base;
                }

                @Override
                public String name() {
                    return "parley serve";
                }
            }, Transport.POLLING_UPGRADE, Scenario.BASIC);
            assertTrue(run.passed(), run::describe);
            serve.destroy(); // SIGTERM: the server stops as it does for Ctrl-C
            assertTrue(serve.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "serve kept running after SIGTERM");
        } finally {
            serve.destroyForcibly();
        }
    }

    @Test
    void aMissingClassIsOneLineAndExit1(@TempDir Path dir) throws Exception {
        assertFails(start(dir, Map.of("PARLEY_SOCKETIO_NAMESPACES", "com.example.Missing")), dir,
                "parley: socketio-namespaces: com.example.Missing: no such class on the class path");
    }

    @Test
    void aSetUpThatFailsIsOneLineSayingWhereAndExit1(@TempDir Path dir) throws Exception {
        String broken = Broken.class.getName();
        assertFails(start(dir, Map.of(), "--socketio-namespaces", ContractFixture.class.getName() + "," + broken),
                dir, "parley: socketio-namespaces: " + broken + ".setUp failed: java.lang.IllegalArgumentException: "
                        + "a namespace starts with '/': no-slash (at " + broken
                        + ".setUp(SocketIoNamespacesServeIT.java:");
    }

    /** {@code serve} exits with status 1 and one line on stderr, starting with {@code line}. */
    private static void assertFails(Process serve, Path dir, String line) throws Exception {
        try {
            assertTrue(serve.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "serve kept running");
            List<String> stderr = Files.readAllLines(dir.resolve("stderr.txt"));
            assertEquals(1, stderr.size(), () -> String.join("\n", stderr));
            assertTrue(stderr.get(0).startsWith(line), stderr.get(0));
            assertEquals(1, serve.exitValue());
        } finally {
            serve.destroyForcibly();
        }
    }

    /** {@code serve --port 0 args} on the jar and the test classes (the namespace classes), in {@code dir}. */
    private static Process start(Path dir, Map<String, String> env, String... args)
            throws IOException, URISyntaxException {
        Path yours = Path.of(ContractFixture.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> serve = new ArrayList<>(List.of("serve", "--port", "0"));
        serve.addAll(List.of(args));
        return ServeProcess.start(dir, List.of(), List.of(yours), env, serve.toArray(String[]::new));
    }
}

package dev.parley.socketio.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    private static final Pattern SERVING = Pattern.compile("Parley serving (http://\\S+/)");

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
            URI base = URI.create(servingLine(serve));
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
        Path jar = Path.of(System.getProperty("parley.jar")).toAbsolutePath();
        Path yours = Path.of(ContractFixture.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", jar + File.pathSeparator + yours, "dev.parley.Parley", "serve", "--port", "0"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PARLEY_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** The base URL from the "Parley serving ..." line on stdout. */
    private static String servingLine(Process serve) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
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
        }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}

package dev.parley.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.parley.json.JsonText;
import dev.parley.server.RunningServer;

/**
 * The peer-client harness for permessage-deflate: Node {@code ws}'s client (peers/node/deflate-client.js) and
 * python3-websockets' client (peers/python/deflate_client.py) run the echo series (0 B to 1 MiB, text and binary, whole
 * and fragmented) against a server's echo URL: the real deflate servers ({@link DeflatePeer.Kind}), and Parley's own
 * {@code /echo} with {@code --deflate on} ({@link #parleysEchoWithEveryClient}), where the negotiated header must be
 * Parley's answer and the bytes the client read must show that Parley's echoes went compressed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeflatePeerClientsIT {
    /** The official clients. */
    enum Client {
        NODE_WS("node", "peers/node/deflate-client.js"),
        PYTHON_WEBSOCKETS("/usr/bin/python3", "peers/python/deflate_client.py");

        final String program;
        final String script;

        Client(String program, String script) {
            this.program = program;
            this.script = script;
        }
    }

    @RegisterExtension
    static final RunningServer parley = new RunningServer(config -> config.withLimits(
            config.limits().withMaxMessageBytes(2 << 20)).withDeflate(config.deflate().withOn(true)));

    private final Map<DeflatePeer.Kind, DeflatePeer> servers = new EnumMap<>(DeflatePeer.Kind.class);

    @TempDir
    Path dir;

    @BeforeAll
    void startServers() {
        for (DeflatePeer.Kind kind : DeflatePeer.Kind.values()) {
            servers.put(kind, DeflatePeer.start(kind));
        }
    }

    @AfterAll
    void stopServers() {
        servers.values().forEach(DeflatePeer::close);
    }

    Stream<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (Client client : Client.values()) {
            for (DeflatePeer.Kind server : DeflatePeer.Kind.values()) {
                pairs.add(Arguments.of(client, server));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} client, {1} server")
    @MethodSource("pairs")
    void theEchoSeriesPassesCompressed(Client client, DeflatePeer.Kind server) throws Exception {
        assertSeriesPasses(client, servers.get(server).uri("/echo"));
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void parleysEchoWithEveryClient(Client client) throws Exception {
        JsonObject done = assertSeriesPasses(client, parley.ws("/echo"));
        // both offer client_max_window_bits without a value; Parley's answer names what it asks, nothing more
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                done.getString("extensions"), done.toString());
        // the echoes carry the same payload as the messages sent: about 2.6 MB of text that compresses about 100:1 and
        // 2.6 MB of random bytes that does not. Read uncompressed, the client would read more than the payload.
        long payload = done.getJsonNumber("payload").longValue();
        long read = done.getJsonNumber("wireRead").longValue();
        assertTrue(payload > 5_000_000, done.toString());
        assertTrue(read < payload * 6 / 10, "the echoes did not go compressed: " + done);
        if (done.containsKey("wireWritten")) {
            assertTrue(done.getJsonNumber("wireWritten").longValue() < payload * 6 / 10,
                    "the messages did not go compressed: " + done);
        }
    }

    private JsonObject assertSeriesPasses(Client client, URI url) throws Exception {
        Path out = Files.createTempFile(dir, client.name(), ".out");
        Process process = new ProcessBuilder(client.program, Path.of(System.getProperty("user.dir"))
                .resolve(client.script).toString(), url.toString()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        boolean ended = process.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertTrue(ended, "the client did not finish: " + lines);
        List<JsonObject> steps = new ArrayList<>();
        JsonObject done = null;
        for (String line : lines) {
            JsonObject o = parse(line, lines);
            if (o.containsKey("ok")) {
                steps.add(o);
            } else if (o.containsKey("done")) {
                done = o;
            }
        }
        assertEquals(32, steps.size(), lines.toString()); // 8 sizes, text and binary, whole and fragmented
        steps.forEach(step -> assertTrue(step.getBoolean("ok"), step.toString()));
        assertTrue(done != null && done.getBoolean("done"), lines.toString());
        assertTrue(done.getString("extensions").startsWith("permessage-deflate"), lines.toString());
        assertEquals(0, process.exitValue(), lines.toString());
        return done;
    }

    private static JsonObject parse(String line, List<String> all) throws IOException {
        try {
            return JsonText.readObject(line);
        } catch (RuntimeException e) {
            throw new IOException("not a JSON line: " + line + " in " + all, e);
        }
    }
}

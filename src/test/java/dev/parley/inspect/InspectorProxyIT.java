package dev.parley.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.json.JsonText;
import dev.parley.client.RawClient;
import dev.parley.client.RecordingClient;
import dev.parley.conformance.RawFrame;
import dev.parley.server.RunningServer;
import dev.parley.wire.Frame;
import dev.parley.wire.HandshakeRejected;
import dev.parley.wire.Opcode;

/** {@code parley inspect}'s proxy between real clients (Tyrus, and the raw client) and the embedded server. */
class InspectorProxyIT {
    /** The proxies' ports, chosen up front: the Tyrus client sends the proxy's origin, which the server must allow. */
    private static final int PROXY_PORT = freePort();
    private static final int JAR_PROXY_PORT = freePort();

    @RegisterExtension
    static final RunningServer server = new RunningServer(config -> config.withChat(config.chat().withAllowedOrigins(
            Set.of("http://127.0.0.1:" + PROXY_PORT, "http://127.0.0.1:" + JAR_PROXY_PORT))));

    private final BlockingQueue<InspectEvent> events = new LinkedBlockingQueue<>();
    private InspectorProxy proxy;

    @BeforeEach
    void startProxy() throws Exception {
        proxy = InspectorProxy.start(new InetSocketAddress("127.0.0.1", PROXY_PORT),
                new InetSocketAddress("127.0.0.1", server.server().port()), 64, events::add);
    }

    private static int freePort() {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stopProxy() throws Exception {
        proxy.close();
    }

    private URI echoThroughProxy() {
        return URI.create("ws://127.0.0.1:" + proxy.port() + "/echo");
    }

    /** Every event up to and including the one that matches; fails if it does not come in time. */
    private List<InspectEvent> eventsUntil(Predicate<InspectEvent> last) throws InterruptedException {
        List<InspectEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + RecordingClient.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            InspectEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event != null) {
                seen.add(event);
                if (last.test(event)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("not seen in time; got " + seen);
    }

    private static List<InspectEvent.FrameSeen> frames(List<InspectEvent> events, Direction direction) {
        return events.stream().filter(InspectEvent.FrameSeen.class::isInstance).map(InspectEvent.FrameSeen.class::cast)
                .filter(frame -> frame.direction() == direction).toList();
    }

    private static String brief(InspectEvent.FrameSeen frame) {
        return frame.opcode() + (frame.masked() ? " masked " : " ") + frame.preview();
    }

    @Test
    void aTyrusSessionIsShownFrameByFrameBothWays() throws Exception {
        try (RecordingClient client = RecordingClient.connect(echoThroughProxy())) {
            client.send("hello");
            assertEquals("hello", client.nextText());
            client.send(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), client.nextBinary());
        }
        List<InspectEvent> seen = eventsUntil(InspectEvent.Closed.class::isInstance);

        List<InspectEvent.Head> heads = seen.stream().filter(InspectEvent.Head.class::isInstance)
                .map(InspectEvent.Head.class::cast).toList();
        assertEquals(2, heads.size(), seen.toString());
        // Each direction is decoded by its own thread, so the 101 may be reported before the request it answers.
        InspectEvent.Head request = head(heads, Direction.CLIENT_TO_SERVER);
        InspectEvent.Head response = head(heads, Direction.SERVER_TO_CLIENT);
        assertEquals("GET /echo HTTP/1.1", request.startLine());
        assertTrue(request.headers().hasToken("Upgrade", "websocket"));
        assertTrue(request.headers().contains("Sec-WebSocket-Key"));
        assertEquals("HTTP/1.1 101 Switching Protocols", response.startLine());
        assertTrue(response.headers().contains("Sec-WebSocket-Accept"));

        assertEquals(List.of("TEXT masked hello", "BINARY masked 010203", "CLOSE masked 1000"),
                frames(seen, Direction.CLIENT_TO_SERVER).stream().map(InspectorProxyIT::brief).toList());
        assertEquals(List.of("TEXT hello", "BINARY 010203", "CLOSE 1000"),
                frames(seen, Direction.SERVER_TO_CLIENT).stream().map(InspectorProxyIT::brief).toList());
        assertTrue(frames(seen, Direction.CLIENT_TO_SERVER).stream().allMatch(f -> f.maskKey().length() == 8));
        assertFalse(seen.stream().anyMatch(InspectEvent.Violation.class::isInstance), seen.toString());
    }

    /** The one head seen in {@code direction}. */
    private static InspectEvent.Head head(List<InspectEvent.Head> heads, Direction direction) {
        List<InspectEvent.Head> found = heads.stream().filter(h -> h.direction() == direction).toList();
        assertEquals(1, found.size(), direction + " heads: " + heads);
        return found.get(0);
    }

    @Test
    void anInjectedUnmaskedFrameIsFlaggedAndOtherConnectionsCarryOn() throws Exception {
        try (RawClient raw = RawClient.connect(echoThroughProxy(), RecordingClient.WAIT)) {
            raw.sendRaw(RawFrame.of(0x81).unmasked().payloadText("bare").build());
            Frame close = raw.read().frame(); // the bytes reached the server unchanged: it answers 1002
            assertEquals(Opcode.CLOSE, close.opcode());
            assertEquals(1002, close.closeStatus().code());
        }
        List<InspectEvent> seen = eventsUntil(InspectEvent.Closed.class::isInstance);
        InspectEvent.FrameSeen bare = frames(seen, Direction.CLIENT_TO_SERVER).get(0);
        assertEquals("TEXT bare", brief(bare));
        InspectEvent.Violation flagged = seen.stream().filter(InspectEvent.Violation.class::isInstance)
                .map(InspectEvent.Violation.class::cast).findFirst().orElseThrow();
        assertEquals(Direction.CLIENT_TO_SERVER, flagged.direction());
        assertEquals(1002, flagged.closeCode());
        assertEquals("client frame not masked", flagged.reason());
        assertEquals("CLOSE 1002 client frame not masked", brief(frames(seen, Direction.SERVER_TO_CLIENT).get(0)));

        try (RecordingClient other = RecordingClient.connect(echoThroughProxy())) {
            other.send("still here");
            assertEquals("still here", other.nextText());
        }
    }

    @Test
    void aThousandMessagesEachWayAreAllForwardedAndDecodedInOrder() throws Exception {
        int count = 1000;
        long started = System.nanoTime();
        try (RecordingClient client = RecordingClient.connect(echoThroughProxy())) {
            for (int i = 0; i < count; i++) {
                client.send("message " + i);
            }
            for (int i = 0; i < count; i++) {
                assertEquals("message " + i, client.nextText());
            }
        }
        List<InspectEvent> seen = eventsUntil(InspectEvent.Closed.class::isInstance);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        for (Direction direction : Direction.values()) {
            List<InspectEvent.FrameSeen> texts = frames(seen, direction).stream()
                    .filter(frame -> frame.opcode().equals("TEXT")).toList();
            assertEquals(count, texts.size(), direction.toString());
            for (int i = 0; i < count; i++) {
                assertEquals("message " + i, texts.get(i).preview());
            }
        }
        System.out.printf("%d frames through the inspector in %d ms%n", 2 * count + 2, took.toMillis());
    }

    @Test
    void aTargetThatIsDownIsReportedAndTheProxyKeepsListening() throws Exception {
        InspectorProxy nowhere;
        int deadPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = free.getLocalPort();
        }
        nowhere = InspectorProxy.start(new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", deadPort), 64, events::add);
        try (nowhere) {
            URI uri = URI.create("ws://127.0.0.1:" + nowhere.port() + "/echo");
            for (int attempt = 0; attempt < 2; attempt++) {
                try (RawClient ignored = RawClient.connect(uri, RecordingClient.WAIT)) {
                    throw new AssertionError("connected through a proxy whose target is down");
                } catch (HandshakeRejected expected) {
                    assertEquals("status is 502, not 101", expected.getMessage());
                    InspectEvent.Note note = (InspectEvent.Note) eventsUntil(InspectEvent.Note.class::isInstance)
                            .get(0);
                    assertTrue(note.text().startsWith("cannot connect to 127.0.0.1:" + deadPort), note.text());
                    assertTrue(note.text().endsWith(": answered 502"), note.text());
                }
            }
            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nowhere.port() + "/"))
                            .timeout(RecordingClient.WAIT).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(502, page.statusCode());
            assertEquals("parley inspect: cannot connect to 127.0.0.1:" + deadPort + ": Connection refused\n",
                    page.body());
        }
    }

    /**
     * {@code java -jar parley.jar inspect --listen JAR_PROXY_PORT ARGS}, started in {@code dir}; the first stderr line
     * says where it listens. One at a time: each test stops its process.
     */
    private static Process inspectProcess(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", Path.of(System.getProperty("parley.jar")).toAbsolutePath().toString(),
                "inspect", "--listen", Integer.toString(JAR_PROXY_PORT)));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).start();
    }

    private static int listeningPort(BufferedReader err) throws IOException {
        Matcher listening = Pattern.compile("Parley inspecting 127\\.0\\.0\\.1:(\\d+) -> ").matcher(err.readLine());
        assertTrue(listening.find());
        return Integer.parseInt(listening.group(1));
    }

    @Test
    void framesOnlyAndAPathFilterShowJustTheFramesOfThatPath(@TempDir Path dir) throws Exception {
        Process inspect = inspectProcess(dir, "--target", "127.0.0.1:" + server.server().port(), "--frames-only",
                "--path", "/echo");
        try (BufferedReader err = new BufferedReader(new InputStreamReader(inspect.getErrorStream(),
                StandardCharsets.UTF_8));
             BufferedReader out = new BufferedReader(new InputStreamReader(inspect.getInputStream(),
                StandardCharsets.UTF_8))) {
            int port = listeningPort(err);
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .timeout(RecordingClient.WAIT).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), "a page load still goes through, unprinted");
            try (RecordingClient client = RecordingClient.connect(URI.create("ws://127.0.0.1:" + port + "/echo"))) {
                client.send("frames please");
                assertEquals("frames please", client.nextText());
            }
            List<String> lines = new ArrayList<>();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
                if (line.contains(" closed (")) {
                    break;
                }
            }
            String all = String.join("\n", lines);
            assertTrue(lines.get(0).matches("\\S+ #2 open 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:\\d+"), all);
            assertTrue(lines.stream().anyMatch(line -> line.matches(
                    "\\S+ #2 c>s TEXT fin rsv=000 masked key=[0-9a-f]{8} len=13 \"frames please\"")), all);
            assertTrue(lines.stream().anyMatch(line -> line.matches(
                    "\\S+ #2 s>c TEXT fin rsv=000 unmasked len=13 \"frames please\"")), all);
            assertTrue(lines.get(lines.size() - 1).matches("\\S+ #2 closed \\(.*\\)"), all);
            assertFalse(all.contains("#1 "), "the /health connection is not shown: " + all);
            assertFalse(all.contains("HTTP/1.1") || all.contains("Upgrade:"), "no HTTP heads: " + all);
        } finally {
            inspect.destroyForcibly();
            inspect.waitFor(RecordingClient.WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void theJarAnswers502AndPrintsOneLineWhenTheTargetIsDown(@TempDir Path dir) throws Exception {
        int deadPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = free.getLocalPort();
        }
        Process inspect = inspectProcess(dir, "--target", "127.0.0.1:" + deadPort);
        try (BufferedReader err = new BufferedReader(new InputStreamReader(inspect.getErrorStream(),
                StandardCharsets.UTF_8));
             BufferedReader out = new BufferedReader(new InputStreamReader(inspect.getInputStream(),
                StandardCharsets.UTF_8))) {
            int port = listeningPort(err);
            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                            .timeout(RecordingClient.WAIT).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(502, page.statusCode());
            assertTrue(out.readLine().matches("\\S+ #1 c>s -- cannot connect to 127\\.0\\.0\\.1:" + deadPort
                    + ": Connection refused: answered 502"));
            // the next connection's line comes next: the first one printed exactly one line
            try (RawClient ignored = RawClient.connect(URI.create("ws://127.0.0.1:" + port + "/echo"),
                    RecordingClient.WAIT)) {
                throw new AssertionError("connected through a proxy whose target is down");
            } catch (HandshakeRejected expected) {
                assertEquals("status is 502, not 101", expected.getMessage());
            }
            assertTrue(out.readLine().contains(" #2 c>s -- cannot connect to "));
        } finally {
            inspect.destroyForcibly();
            inspect.waitFor(RecordingClient.WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void theJarPrintsOneJsonObjectPerEvent(@TempDir Path dir) throws Exception {
        Process inspect = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(System.getProperty("parley.jar")).toAbsolutePath().toString(),
                "inspect", "--listen", Integer.toString(JAR_PROXY_PORT), "--target",
                "127.0.0.1:" + server.server().port(), "--json")
                .directory(dir.toFile()).start();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(inspect.getErrorStream(),
                StandardCharsets.UTF_8));
             BufferedReader out = new BufferedReader(new InputStreamReader(inspect.getInputStream(),
                StandardCharsets.UTF_8))) {
            Matcher listening = Pattern.compile("Parley inspecting 127\\.0\\.0\\.1:(\\d+) -> ").matcher(err.readLine());
            assertTrue(listening.find());
            try (RecordingClient client = RecordingClient.connect(
                    URI.create("ws://127.0.0.1:" + listening.group(1) + "/echo"))) {
                client.send("json please");
                assertEquals("json please", client.nextText());
            }
            List<String> lines = new ArrayList<>();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
                if ("closed".equals(JsonText.readObject(line).getString("event"))) {
                    break;
                }
            }
            assertTrue(lines.get(0).matches("\\{\"time\":\"[^\"]+\",\"conn\":1,\"event\":\"open\",.*"), lines.get(0));
            assertTrue(lines.stream().anyMatch(line -> line.matches(
                    ".*\"event\":\"frame\",\"dir\":\"c>s\",\"fin\":true,"
                    + "\"rsv\":0,\"opcode\":\"TEXT\",\"masked\":true,\"maskKey\":\"[0-9a-f]{8}\",\"length\":11,"
                    + "\"lengthBytes\":0,\"previewKind\":\"text\",\"preview\":\"json please\",\"received\":11}")),
                    String.join("\n", lines));
        } finally {
            inspect.destroyForcibly();
            inspect.waitFor(RecordingClient.WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}

package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.Parley;
import dev.parley.json.JsonText;
import dev.parley.server.RunningServer;
import dev.parley.server.ServeProcess;
import dev.parley.session.FrameRate;

/**
 * {@code parley bench -s chat} against the embedded server, its members spread over two URLs of that one server: the
 * counts add up exactly (every message said reaches every member of its room once, in the room's order, and every say
 * is answered); and so do those of the same workload with the official Node client on Parley's Socket.IO {@code /chat}
 * ({@code bench/chat-load.js}, as {@code bench/chat-vs-socketio.sh} runs it). Timing is never asserted.
 */
class ChatBenchIT {
    private static final FrameRate UNLIMITED = new FrameRate(1e9, 1_000_000_000);

    /** As docs/performance.md starts it for the chat: the limits that would count the bench's one address out. */
    @RegisterExtension
    static final RunningServer server = new RunningServer(config -> config
            .withLimits(config.limits().withFrameBudgets(UNLIMITED, UNLIMITED).withMaxSessionsPerAddress(10_000))
            .withChat(config.chat().withRate(1e9, 1_000_000_000)));

    @TempDir
    Path dir;

    private JsonObject chat(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("bench", "-s", "chat", "-q", "--warmup", "0.3",
                "--stall-timeout", "30", "--pid", Long.toString(ProcessHandle.current().pid())));
        all.addAll(List.of(args));
        BenchRun.Lines run = BenchRun.withJson(dir.resolve("chat.jsonl"), all);
        assertEquals(1, run.results().size(), run.printed());
        JsonObject r = run.results().get(0);
        assertEquals(true, r.getBoolean("ok"), r.toString());
        assertTrue(run.printed().contains("order violations 0"), run.printed());
        return r;
    }

    private static String line(JsonObject r) {
        return r.toString();
    }

    private static long num(JsonObject r, String key) {
        return r.getJsonNumber(key).longValueExact();
    }

    /** Every message said in the window reached each member of its room once, and every say was answered. */
    private static void everyMessageToEveryMemberOnce(JsonObject r, long membersPerRoom) {
        String line = r.toString();
        long messages = num(r, "messages");
        assertTrue(messages > 0, line);
        assertEquals(messages, num(r, "acks"), line);
        assertEquals(messages * membersPerRoom, num(r, "ops"), "deliveries == messages x members: " + line);
        assertEquals(num(r, "ops"), num(r, "dueDeliveries"), line);
        assertEquals(num(r, "ops"), num(r.getJsonObject("latencyUs"), "count"), "one latency per delivery: " + line);
        assertEquals(0, num(r, "orderViolations"), line);
        assertEquals(0, num(r, "strayDeliveries"), line);
        assertEquals(0, num(r, "unanswered"), line);
        assertEquals(0, num(r, "errors"), line);
        assertEquals(0, r.getJsonObject("errorsByCode").size(), line);
        assertEquals(membersPerRoom, num(r, "membersPerRoom"), line);
    }

    @Test
    void closedLoopOverTwoUrlsDeliversEveryMessageToEveryMemberOnceInOrder() throws Exception {
        String url = server.ws("/").toString();
        JsonObject r = chat(url + "," + url, "-c", "12", "--rooms", "3", "--in-flight", "6", "--messages", "300");
        everyMessageToEveryMemberOnce(r, 4);
        assertEquals(300, num(r, "messages"), "--messages: the window ends after that many says");
        assertEquals(2, num(r, "nodes"));
        assertEquals(3, num(r, "rooms"));
        assertEquals(6, num(r, "maxUnanswered"), "at most --in-flight unanswered");
    }

    @Test
    void openLoopAtARateWithUrlOptions() throws Exception {
        String url = server.ws("/").toString();
        // --redis-pid: any process's CPU beside the server's; this JVM's will do
        JsonObject r = chat("--url", url, "--url", url, "-c", "10", "--rate", "100", "--duration", "1",
                "--size", "100", "--redis-pid", Long.toString(ProcessHandle.current().pid()));
        everyMessageToEveryMemberOnce(r, 10);
        assertEquals(100.0, r.getJsonNumber("targetRate").doubleValue());
        assertEquals(100 * r.getJsonNumber("seconds").doubleValue(), num(r, "messages"), 100 * 0.05);
        assertTrue(r.getJsonNumber("redisCpuUsPerOp").doubleValue() > 0, line(r));
        double bytesPerDelivery = r.getJsonNumber("payloadMBPerSec").doubleValue() * 1e6
                * r.getJsonNumber("seconds").doubleValue() / num(r, "ops");
        assertTrue(bytesPerDelivery > 100, "a message frame carries the 100-byte text: " + bytesPerDelivery);
    }

    /**
     * {@code bench/chat-load.js} (socket.io-client, one socket per member) against {@code parley serve} in a process of
     * its own, the bench's limits lifted through the environment as {@code bench/chat-vs-socketio.sh} does: the same
     * counts as {@code parley bench -s chat}'s, so the side by side compares like with like.
     */
    @Test
    void theNodeClientsWorkloadOverSocketIoCountsTheSame() throws Exception {
        Path serveDir = Files.createDirectories(dir.resolve("serve"));
        Process serve = ServeProcess.start(serveDir, List.of("-Xmx256m"), List.of(), Map.of(
                "PARLEY_MAX_CONNECTIONS_PER_ADDRESS", "10000", "PARLEY_RATE", "1e9", "PARLEY_BURST", "1000000000",
                "PARLEY_FRAME_RATE", "1e9", "PARLEY_FRAME_BURST", "1000000000", "PARLEY_ADDRESS_FRAME_RATE", "1e9",
                "PARLEY_ADDRESS_FRAME_BURST", "1000000000"), "serve", "--port", "0");
        try {
            String base = ServeProcess.awaitServingLine(serve).replaceAll("/$", "");
            Path json = dir.resolve("sio.jsonl");
            Path out = dir.resolve("load.out");
            Process load = new ProcessBuilder("node", Path.of(System.getProperty("user.dir"), "bench", "chat-load.js")
                    .toString(), "--url", base, "-c", "12", "--rooms", "3", "--rate", "60", "--warmup", "0.3",
                    "--duration", "1", "--stall", "30", "--label", "parley-sio", "--json", json.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectErrorStream(true).start();
            try {
                assertTrue(load.waitFor(120, TimeUnit.SECONDS), "bench/chat-load.js kept running");
            } finally {
                load.destroyForcibly();
            }
            String printed = Files.readString(out);
            assertEquals(0, load.exitValue(), printed);
            List<String> lines = Files.readAllLines(json);
            assertEquals(1, lines.size(), printed);
            JsonObject r = JsonText.readObject(lines.get(0));
            assertEquals(true, r.getBoolean("ok"), lines.get(0));
            everyMessageToEveryMemberOnce(r, 4);
            assertEquals(3, num(r, "rooms"));
            assertEquals(60.0, r.getJsonNumber("targetRate").doubleValue());
        } finally {
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }
}

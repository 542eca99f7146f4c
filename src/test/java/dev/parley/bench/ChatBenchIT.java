package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.Parley;
import dev.parley.json.JsonText;
import dev.parley.server.RunningServer;
import dev.parley.session.FrameRate;

/**
 * {@code parley bench -s chat} against the embedded server, its members spread over two URLs of that one server: the
 * counts add up exactly (every message said reaches every member of its room once, in the room's order, and every say
 * is answered). Timing is never asserted.
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
        Path json = dir.resolve("chat.jsonl");
        Files.deleteIfExists(json);
        List<String> all = new ArrayList<>(List.of("bench", "-s", "chat", "-q", "--warmup", "0.3",
                "--stall-timeout", "30", "--pid", Long.toString(ProcessHandle.current().pid()),
                "--json", json.toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int code;
        try (PrintStream capture = new PrintStream(stdout, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            code = Parley.commandLine().execute(all.toArray(String[]::new));
        } finally {
            System.setOut(saved);
        }
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        List<String> lines = Files.readAllLines(json);
        assertEquals(1, lines.size(), printed);
        JsonObject r = JsonText.readObject(lines.get(0));
        assertEquals(true, r.getBoolean("ok"), lines.get(0));
        assertTrue(printed.contains("order violations 0"), printed);
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
}

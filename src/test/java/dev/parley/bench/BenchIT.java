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
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.Parley;
import dev.parley.server.RunningServer;
import dev.parley.session.FrameRate;
import picocli.CommandLine;

/**
 * {@code parley bench} against the embedded server on a free loopback port, in short windows: every scenario completes,
 * its counts add up, and the JSON lines are written. Timing is never asserted: a benchmark reports, it does not judge.
 * The server runs in this JVM, so {@code --pid} is our own and its CPU readings are real but include the client.
 */
class BenchIT {
    /** As bench/run.sh sets them: the frame budgets out of the way. */
    private static final FrameRate UNLIMITED = new FrameRate(1e9, 1_000_000_000);

    @RegisterExtension
    static final RunningServer server = new RunningServer(config -> config.withLimits(config.limits()
            .withFrameBudgets(UNLIMITED, UNLIMITED))); // all its load comes from 127.0.0.1, as fast as it is answered

    @TempDir
    Path dir;

    private List<Map<String, Object>> bench(String... args) throws Exception {
        Path json = dir.resolve("results.jsonl");
        Files.deleteIfExists(json);
        List<String> all = new ArrayList<>(List.of("bench", "--url", server.ws("/").toString(), "-q",
                "--warmup", "0.2", "--duration", "0.5", "--pid", Long.toString(ProcessHandle.current().pid()),
                "--label", "parley", "--round", "3", "--json", json.toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int code;
        try (PrintStream capture = new PrintStream(stdout, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            code = new CommandLine(new Parley()).execute(all.toArray(String[]::new));
        } finally {
            System.setOut(saved);
        }
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        List<Map<String, Object>> results = new ArrayList<>();
        for (String line : Files.readAllLines(json)) {
            Map<String, Object> r = JsonReader.object(line);
            assertEquals(true, r.get("ok"), line);
            assertEquals(0.0, r.get("errors"), line);
            assertEquals("parley", r.get("server"));
            assertEquals(3.0, r.get("round"));
            assertTrue(printed.contains("parley     " + r.get("scenario")), printed);
            results.add(r);
        }
        return results;
    }

    private static double num(Map<String, Object> r, String key) {
        return ((Number) r.get(key)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> r, String key) {
        return (Map<String, Object>) r.get(key);
    }

    @Test
    void closedLoopEchoCountsEveryAnswerOnce() throws Exception {
        List<Map<String, Object>> results = bench("-s", "rtt1,tput32", "-c", "10", "--in-flight", "4");
        assertEquals(2, results.size());
        for (Map<String, Object> r : results) {
            double ops = num(r, "ops");
            assertTrue(ops > 0, r.toString());
            assertEquals(ops, num(map(r, "latencyUs"), "count"), "one latency per answer");
            assertEquals(0.0, r.get("unanswered"), "everything sent was answered");
            assertEquals(ops * 32 / num(r, "seconds") / 1e6, num(r, "payloadMBPerSec"), 1e-3);
            assertTrue(num(r, "serverCpuUsPerOp") > 0, "read from /proc");
            assertTrue(num(r, "serverRssKb") > 0);
            assertTrue(map(r, "latencyUs").get("p50") != null);
        }
        assertEquals(10.0, results.get(0).get("connections"), "the override applies");
        assertEquals(4.0, results.get(1).get("inFlight"));
    }

    @Test
    void largeMessagesAreSkippedWhole() throws Exception {
        Map<String, Object> r = bench("-s", "tput64k", "-c", "2").get(0);
        assertTrue(num(r, "ops") > 0);
        assertEquals(num(r, "ops") * 65536 / num(r, "seconds") / 1e6, num(r, "payloadMBPerSec"), 1e-2);
    }

    @Test
    void everyBroadcastReachesEverySubscriber() throws Exception {
        Map<String, Object> r = bench("-s", "bcast1000", "-c", "20", "--in-flight", "2").get(0);
        double deliveries = num(r, "ops");
        double broadcasts = num(r, "broadcasts");
        assertTrue(broadcasts > 0, r.toString());
        // Broadcasts that straddle the window's edges are partly inside it: at most 2 in flight at each edge.
        assertTrue(Math.abs(deliveries - 20 * broadcasts) <= 2 * 2 * 20, deliveries + " vs " + broadcasts);
        assertEquals(deliveries, num(map(r, "latencyUs"), "count"));
        assertEquals(broadcasts, num(map(r, "fanoutUs"), "count"));
        assertEquals(0.0, r.get("unanswered"));
    }

    @Test
    void openLoopKeepsItsScheduleAndTimesFromIt() throws Exception {
        Map<String, Object> r = bench("-s", "rate", "-c", "10", "--rate", "2000").get(0);
        // How fast the messages actually went out depends on the machine: a figure, not a test. What must hold
        // whatever the load is the accounting below.
        assertTrue(num(r, "sentPerSec") > 0);
        double timed = num(map(r, "latencyUs"), "count");
        // Every message scheduled inside the window is timed (after the drain), whenever its answer came.
        assertEquals(num(r, "scheduled"), timed);
        assertEquals(2000 * num(r, "seconds"), timed, 2000 * 0.02);
        assertEquals(0.0, r.get("unanswered"));
    }

    @Test
    void handshakesAndIdleConnections() throws Exception {
        List<Map<String, Object>> results = bench("-s", "connect,idle", "-c", "40", "--hold", "0.2");
        Map<String, Object> connect = results.get(0);
        assertTrue(num(connect, "ops") > 0);
        assertTrue(num(map(connect, "latencyUs"), "count") > 0);
        Map<String, Object> idle = results.get(1);
        assertEquals(40.0, idle.get("alive"), "every idle connection still echoes");
        assertTrue(idle.get("rssPerConnKb") != null);
        assertTrue(idle.get("heapPerConnKb") == null, "no --jvm: no jcmd");
    }

    @Test
    void aServerThatIsNotThereFailsTheRunNotTheJvm() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path json = dir.resolve("gone.jsonl");
        int code = new CommandLine(new Parley()).execute("bench", "--url", "ws://127.0.0.1:" + port, "-q",
                "-s", "rtt1", "--json", json.toString());
        assertEquals(1, code);
        Map<String, Object> r = JsonReader.object(Files.readString(json).trim());
        assertEquals(false, r.get("ok"));
        assertTrue(r.get("failure").toString().contains("failed"), r.toString());
    }
}

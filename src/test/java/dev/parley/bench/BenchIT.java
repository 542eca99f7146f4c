package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.json.JsonText;
import dev.parley.Parley;
import dev.parley.server.RunningServer;
import dev.parley.session.FrameRate;

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

    private List<JsonObject> bench(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("bench", server.ws("/").toString(), "-q",
                "--warmup", "0.2", "--duration", "0.5", "--pid", Long.toString(ProcessHandle.current().pid()),
                "--label", "parley", "--round", "3"));
        all.addAll(List.of(args));
        BenchRun.Lines run = BenchRun.withJson(dir.resolve("results.jsonl"), all);
        for (JsonObject r : run.results()) {
            String line = r.toString();
            assertEquals(true, r.getBoolean("ok"), line);
            assertEquals(0.0, num(r, "errors"), line);
            assertEquals("parley", r.getString("server"));
            assertEquals(3.0, num(r, "round"));
            assertTrue(run.printed().contains("parley     " + r.getString("scenario")), run.printed());
        }
        return run.results();
    }

    private static double num(JsonObject r, String key) {
        return r.getJsonNumber(key).doubleValue();
    }

    private static JsonObject map(JsonObject r, String key) {
        return r.getJsonObject(key);
    }

    /** Whether {@code key} has a value other than null. */
    private static boolean given(JsonObject r, String key) {
        return r.containsKey(key) && r.get(key) != JsonValue.NULL;
    }

    @Test
    void closedLoopEchoCountsEveryAnswerOnce() throws Exception {
        List<JsonObject> results = bench("-s", "rtt1,tput32", "-c", "10", "--in-flight", "4");
        assertEquals(2, results.size());
        for (JsonObject r : results) {
            double ops = num(r, "ops");
            assertTrue(ops > 0, r.toString());
            assertEquals(ops, num(map(r, "latencyUs"), "count"), "one latency per answer");
            assertEquals(0.0, num(r, "unanswered"), "everything sent was answered");
            assertEquals(ops * 32 / num(r, "seconds") / 1e6, num(r, "payloadMBPerSec"), 1e-3);
            assertTrue(num(r, "serverCpuUsPerOp") > 0, "read from /proc");
            assertTrue(num(r, "serverRssKb") > 0);
            assertTrue(given(map(r, "latencyUs"), "p50"));
        }
        assertEquals(10.0, num(results.get(0), "connections"), "the override applies");
        assertEquals(4.0, num(results.get(1), "inFlight"));
    }

    @Test
    void largeMessagesAreSkippedWhole() throws Exception {
        JsonObject r = bench("-s", "tput64k", "-c", "2").get(0);
        assertTrue(num(r, "ops") > 0);
        assertEquals(num(r, "ops") * 65536 / num(r, "seconds") / 1e6, num(r, "payloadMBPerSec"), 1e-2);
    }

    @Test
    void everyBroadcastReachesEverySubscriber() throws Exception {
        JsonObject r = bench("-s", "bcast1000", "-c", "20", "--in-flight", "2").get(0);
        double deliveries = num(r, "ops");
        double broadcasts = num(r, "broadcasts");
        assertTrue(broadcasts > 0, r.toString());
        // Broadcasts that straddle the window's edges are partly inside it: at most 2 in flight at each edge.
        assertTrue(Math.abs(deliveries - 20 * broadcasts) <= 2 * 2 * 20, deliveries + " vs " + broadcasts);
        assertEquals(deliveries, num(map(r, "latencyUs"), "count"));
        assertEquals(broadcasts, num(map(r, "fanoutUs"), "count"));
        assertEquals(0.0, num(r, "unanswered"));
    }

    @Test
    void openLoopKeepsItsScheduleAndTimesFromIt() throws Exception {
        JsonObject r = bench("-s", "rate", "-c", "10", "--rate", "2000").get(0);
        // How fast the messages actually went out depends on the machine: a figure, not a test. What must hold
        // whatever the load is the accounting below.
        assertTrue(num(r, "sentPerSec") > 0);
        double timed = num(map(r, "latencyUs"), "count");
        // Every message scheduled inside the window is timed (after the drain), whenever its answer came.
        assertEquals(num(r, "scheduled"), timed);
        assertEquals(2000 * num(r, "seconds"), timed, 2000 * 0.02);
        assertEquals(0.0, num(r, "unanswered"));
    }

    @Test
    void handshakesAndIdleConnections() throws Exception {
        List<JsonObject> results = bench("-s", "connect,idle", "-c", "40", "--hold", "0.2");
        JsonObject connect = results.get(0);
        assertTrue(num(connect, "ops") > 0);
        assertTrue(num(map(connect, "latencyUs"), "count") > 0);
        JsonObject idle = results.get(1);
        assertEquals(40.0, num(idle, "alive"), "every idle connection still echoes");
        assertTrue(given(idle, "rssPerConnKb"));
        assertFalse(given(idle, "heapPerConnKb"), "no --jvm: no jcmd");
    }

    @Test
    void aServerThatIsNotThereFailsTheRunNotTheJvm() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path json = dir.resolve("gone.jsonl");
        // --url: the old spelling of the URL argument, still accepted
        int code = Parley.commandLine().execute("bench", "--url", "ws://127.0.0.1:" + port, "-q",
                "-s", "rtt1", "--json", json.toString());
        assertEquals(1, code);
        JsonObject r = JsonText.readObject(Files.readString(json).trim());
        assertEquals(false, r.getBoolean("ok"));
        assertTrue(r.getString("failure").contains("failed"), r.toString());
    }

    /** Runs {@code parley bench args} in-process; stdout and stderr as they were printed. */
    @Test
    void aServerThatRefusesConnectionsPastItsPerAddressCapIsNamedWithTheFix() throws Exception {
        // the embedded server has the default cap: 64 connections per address
        Path json = dir.resolve("refused.jsonl");
        long start = System.nanoTime();
        BenchRun run = BenchRun.of("bench", server.ws("/").toString(), "-q", "-s", "bcast1000", "-c", "100", "--json",
                json.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(1, run.code(), run.out());
        JsonObject r = JsonText.readObject(Files.readString(json).trim());
        assertEquals(false, r.getBoolean("ok"));
        String failure = r.getString("failure");
        assertTrue(failure.matches("the server refused \\d+ of 100 connections so far \\(close 1013 .*\\): it caps "
                + "connections per client address, and every bench connection comes from this one; start Parley "
                + "with serve --max-connections-per-address 100 \\(or more\\)"), failure);
        assertTrue(run.out().contains("FAILED: " + failure), run.out());
        assertTrue(seconds < 10, "told within " + seconds + " s, not after a two-minute wait");
    }

    @Test
    void whileConnectionsOpenItShowsProgressAndGivesUpWhenNoneCompletes() throws Exception {
        // A listener that never accepts: the kernel completes the TCP handshakes, nobody answers the upgrade.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Path json = dir.resolve("silent.jsonl");
            BenchRun run = BenchRun.of("bench", "ws://127.0.0.1:" + silent.getLocalPort(), "-s", "rtt100", "-c", "5",
                    "--stall-timeout", "2.5", "--json", json.toString());
            assertEquals(1, run.code());
            List<String> progress = run.err().lines().filter(line -> line.contains("connected")).toList();
            assertTrue(progress.size() >= 2, run.err());
            assertTrue(progress.get(0).matches("\\s+rtt100\\s+connected\\s+0/5"), progress.get(0));
            JsonObject r = JsonText.readObject(Files.readString(json).trim());
            assertTrue(r.getString("failure").matches("only 0 of 5 connections opened in \\d+ s, none in the "
                    + "last \\d+ s"), r.toString());
        }
    }

    @Test
    void withoutPidTheServerCpuIsLeftOutNotNaN() {
        BenchRun run = BenchRun.of("bench", server.ws("/").toString(), "-s", "rtt1", "--warmup", "1.2", "--duration", "1.2");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("(server CPU: give --pid)"), run.err());
        assertFalse(run.err().contains("NaN") || run.out().contains("NaN"), run.err() + run.out());
        assertFalse(run.out().contains("µs/op"), "no server CPU per op: " + run.out());
    }

    /**
     * The README's benchmark quick start, as written: its {@code serve} line (on a free port: the test may not take
     * 8025) and its {@code bench} line (told that port, {@code $!} the server's pid, in short windows).
     */
    @Test
    void theReadmeQuickStartRunsAsWritten() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Benchmarks"));
        section = section.substring(0, section.indexOf("\n## ", 3));
        String block = section.substring(section.indexOf("```sh\n") + 6, section.indexOf("```", section.indexOf("```sh\n") + 6));
        List<String> lines = block.lines().map(line -> line.replaceAll("\\s+#.*$", "").trim()).toList();
        assertEquals(2, lines.size(), block);
        String servePrefix = "java -jar target/parley.jar serve";
        String benchPrefix = "java -jar target/parley.jar bench";
        assertTrue(lines.get(0).startsWith(servePrefix) && lines.get(0).endsWith("&"), lines.get(0));
        assertTrue(lines.get(1).startsWith(benchPrefix), lines.get(1));
        List<String> serveArgs = words(lines.get(0).substring(servePrefix.length(), lines.get(0).length() - 1));
        try (dev.parley.attack.AttackedServer serve = dev.parley.attack.AttackedServer.start(512, serveArgs)) {
            Path json = dir.resolve("readme.jsonl");
            List<String> args = new ArrayList<>(List.of("bench", serve.uri("ws", "/").toString()));
            for (String word : words(lines.get(1).substring(benchPrefix.length()))) {
                args.add(word.equals("$!") ? Long.toString(serve.pid())
                        : word.equals("results.jsonl") ? json.toString() : word);
            }
            args.addAll(List.of("--warmup", "0.3", "--duration", "0.5", "-q"));
            BenchRun run = BenchRun.of(args.toArray(String[]::new));
            assertEquals(0, run.code(), run.out() + run.err());
            List<String> results = Files.readAllLines(json);
            assertTrue(results.size() >= 2, results.toString());
            for (String line : results) {
                JsonObject r = JsonText.readObject(line);
                assertEquals(true, r.getBoolean("ok"), line);
                assertTrue(num(r, "ops") > 0, line);
            }
            assertTrue(results.stream()
                    .anyMatch(line -> "bcast1000".equals(JsonText.readObject(line).getString("scenario"))), block);
        }
    }

    /**
     * The scale scenario in small (issue 16's smoke test; the 100,000-connection run is bench/scale.sh): 5,000
     * connections to the jar's server from two loopback source addresses, held, then two broadcasts, each of which
     * every connection must get. The server allows 2,500 connections per address, so the run only passes if the
     * connections really come from both. Counts only, never timing.
     */
    @Test
    void scaleOpensFiveThousandConnectionsFromTwoAddressesAndEveryOneGetsEachBroadcast() throws Exception {
        int n = 5000;
        try (dev.parley.attack.AttackedServer serve = dev.parley.attack.AttackedServer.start(512, List.of(
                "--max-connections-per-address", Integer.toString(n / 2), "--max-connections", "6000"))) {
            Path json = dir.resolve("scale.jsonl");
            BenchRun run = BenchRun.of("bench", serve.uri("ws", "/").toString(), "-q", "-s", "scale", "-c", Integer.toString(n),
                    "--source-addresses", "127.0.9.1-127.0.9.2", "--hold", "0.5", "--broadcasts", "2",
                    "--stall-timeout", "30", "--pid", Long.toString(serve.pid()), "--jvm", "--json", json.toString());
            assertEquals(0, run.code(), run.out() + run.err());
            JsonObject r = JsonText.readObject(Files.readString(json).trim());
            assertEquals(true, r.getBoolean("ok"), r.toString());
            assertEquals(0.0, num(r, "errors"), r.toString());
            assertEquals(2.0, num(r, "sourceAddresses"));
            assertEquals(n, num(r, "held"), "every connection still open when the broadcasts went");
            assertEquals(0.0, num(r, "missing"));
            for (JsonValue each : r.getJsonArray("perBroadcast")) {
                assertEquals(n, num(each.asJsonObject(), "delivered"), r.toString());
                assertTrue(given(each.asJsonObject(), "lastDeliveryMs"));
            }
            assertEquals(2.0 * n, num(r, "ops"), "one delivery per connection per broadcast");
            assertEquals(2.0 * n, num(map(r, "latencyUs"), "count"));
            assertTrue(num(r, "handshakesPerSec") > 0);
            assertTrue(given(r, "rssPerConnKb") && given(r, "heapPerConnKb") && given(r, "clientHeapPerConnKb"),
                    r.toString());
            assertTrue(run.out().contains(n + " held") && run.out().contains("0 missing"), run.out());
        }
    }

    @Test
    void scaleSaysHowManySourceAddressesItNeedsBeforeOpeningAny() throws Exception {
        int fast = SourceAddresses.fastPorts();
        org.junit.jupiter.api.Assumptions.assumeTrue(fast > 0 && fast < 15_000, "a port range of about 28,000");
        Path json = dir.resolve("sources.jsonl");
        long start = System.nanoTime();
        BenchRun run = BenchRun.of("bench", server.ws("/").toString(), "-q", "-s", "scale", "-c", "30000",
                "--source-addresses", "127.0.9.1", "--json", json.toString());
        assertEquals(1, run.code(), run.out());
        String failure = JsonText.readObject(Files.readString(json).trim()).getString("failure");
        assertTrue(failure.matches("30000 connections need at least 3 source addresses: the kernel binds \\d+ ports "
                + "of one address quickly .*give --source-addresses, e.g. 127.0.1.1-127.0.1.3"), failure);
        assertTrue((System.nanoTime() - start) / 1e9 < 10, "before any connection");
    }

    /**
     * The scale scenario's share of a run over several nodes, in small, against one node (bench/scale-nodes.sh runs
     * it over six on one Redis): 600 connections as one user (auth mode, the token in the cookie) join one room; once
     * the bench says "ready", one message is published into the room, and every connection must get it once. The
     * first and last delivery are wall-clock times between the publish and the bench's end. Counts only, no timing.
     */
    @Test
    void scaleInARoomJoinsEveryConnectionAndReportsTheOneMessagesDeliveriesByTheWallClock() throws Exception {
        int n = 600;
        String secret = "scale-room-test-secret";
        String apiKey = "scale-room-test-key";
        try (dev.parley.attack.AttackedServer serve = dev.parley.attack.AttackedServer.start(512, List.of(
                "--auth-secret", secret, "--api-key", apiKey, "--max-connections-per-address", "1000"))) {
            Path json = dir.resolve("room.jsonl");
            Path token = dir.resolve("token");
            Files.writeString(token, hs256(secret, "{\"sub\":\"scale\",\"exp\":"
                    + (System.currentTimeMillis() / 1000 + 3600) + "}") + "\n");
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            PrintStream savedErr = System.err;
            long before;
            java.util.concurrent.CompletableFuture<Integer> code;
            try (PrintStream err = new PrintStream(progress, true, StandardCharsets.UTF_8)) {
                System.setErr(err);
                code = java.util.concurrent.CompletableFuture.supplyAsync(() -> Parley.commandLine().execute("bench",
                        serve.uri("ws", "/").toString(), "-s", "scale", "--room", "all", "--token-file",
                        token.toString(), "-c", Integer.toString(n), "--hold", "60", "--stall-timeout", "30",
                        "--json", json.toString()));
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (!progress.toString(StandardCharsets.UTF_8).contains("ready: " + n) && !code.isDone()
                        && System.nanoTime() < deadline) {
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
                }
                assertTrue(progress.toString(StandardCharsets.UTF_8).contains("ready: " + n + " connections joined all"),
                        progress.toString(StandardCharsets.UTF_8));
                before = System.currentTimeMillis() * 1000;
                var publish = java.net.http.HttpRequest.newBuilder(serve.uri("http", "/api/rooms/all/messages"))
                        .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"text\":\"to all\"}")).build();
                assertEquals(202, java.net.http.HttpClient.newHttpClient()
                        .send(publish, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
                assertEquals(0, code.get(90, java.util.concurrent.TimeUnit.SECONDS),
                        progress.toString(StandardCharsets.UTF_8));
            } finally {
                System.setErr(savedErr);
            }
            long after = System.currentTimeMillis() * 1000;
            JsonObject r = JsonText.readObject(Files.readString(json).trim());
            assertEquals(true, r.getBoolean("ok"), r.toString());
            assertEquals(0.0, num(r, "errors"), r.toString());
            assertEquals(n, num(r, "held"));
            assertEquals(n, num(r, "delivered"), "every connection got the message");
            assertEquals(0.0, num(r, "missing"));
            assertTrue(num(r, "handshakesPerSec") > 0 && num(r, "joinSeconds") >= num(r, "openSeconds"), r.toString());
            double first = num(r, "firstDeliveryEpochUs");
            double last = num(r, "lastDeliveryEpochUs");
            // The bench turns its monotonic clock into wall time once, at its start: allow 100 ms either way for a
            // wall clock slewed meanwhile (and the whole ms of currentTimeMillis).
            long slack = 100_000;
            assertTrue(before - slack <= first && first <= last && last <= after + slack, before + " " + first + " "
                    + last + " " + after);
        }
    }

    /** An HS256 JWT made by hand (RFC 7519), independently of the server's checker. */
    private static String hs256(String secret, String payloadJson) throws Exception {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String signed = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signed + "." + b64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
    }

    private static List<String> words(String text) {
        return List.of(text.trim().split("\\s+"));
    }
}

package dev.parley.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.attack.AttackedServer;
import dev.parley.chat.ChatClient;
import dev.parley.metrics.Scrape;

/**
 * Redis frozen (SIGSTOP) and Redis gone, as a {@code java -Xmx128m -jar parley.jar serve --redis} process meets them
 * while {@value #CONNECTIONS} connections say as fast as they are answered (docs/limits.md, "Redis down or slow"):
 * every say is answered {@code unavailable}, {@code busy} or {@code rate_limited} within the command timeout and a
 * slack, nobody is closed, the heap after GC stays under the stated bound, {@code /health} and the publish API answer
 * 503 and {@code /metrics} counts the failures; once Redis is back, a say works and none answered {@code unavailable}
 * ever lands.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisOutageIT {
    @RegisterExtension
    static final RedisProcess redis = new RedisProcess();

    static final int HEAP_MB = AttackedServer.DEFAULT_HEAP_MB;
    static final int CONNECTIONS = 200;
    /** {@code --redis-timeout} (ms) and {@code --redis-max-in-flight}: the cap is below the connections. */
    static final int TIMEOUT_MS = 500;
    static final int MAX_IN_FLIGHT = 100;
    static final Duration SLACK = Duration.ofSeconds(5);
    /**
     * How long the server may take to read a window (40 says) of each of the 200 flooders at once: 8 MB of frames,
     * the first answer of a window came after 10 s at most on a loaded 2-core box (load 15), whatever Redis did.
     */
    static final Duration READ_BACKLOG = Duration.ofSeconds(40);
    static final Duration FLOOD = Duration.ofSeconds(6);
    static final Duration WAIT = Duration.ofSeconds(60);
    /**
     * A say's text: 1000 characters, so that 200 x 40 of them (8 MB) are read within the slack on a loaded 2-core
     * box (4000 each, 32 MB, took the server 15 s to read: the answers came late for want of CPU, not of Redis).
     */
    static final String TEXT = "x".repeat(1000);
    static final String KEY = "outage-key";
    /** Each talking connection keeps a frame buffer of its largest frame + 64 KiB charged: 200 x 70 KB, lifted. */
    static final int INBOUND = 16 << 20;
    static final Set<String> REFUSED = Set.of("unavailable", "busy", "rate_limited");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static AttackedServer start(int timeoutMillis) throws Exception {
        return AttackedServer.start(HEAP_MB, List.of("--redis", redis.uri(), "--redis-timeout",
                Integer.toString(timeoutMillis), "--redis-max-in-flight", Integer.toString(MAX_IN_FLIGHT),
                "--api-key", KEY, "--inbound-budget-bytes", Integer.toString(INBOUND), "--rate", "1000", "--burst", "1000", "--max-connections-per-address", "300",
                "--address-frame-rate", "1e9", "--address-frame-burst", "1000000000"));
    }

    @Test
    @Order(1)
    void frozenRedisAnswersEverySayAtOnceOrWithinTheTimeoutHeapBoundedNothingLandsLate() throws Exception {
        try (AttackedServer server = start(TIMEOUT_MS)) {
            ChatClient watcher = ChatClient.connect(server.uri("ws", "/chat?name=watcher"));
            ChatClient alice = ChatClient.connect(server.uri("ws", "/chat?name=alice"));
            watcher.ok("{\"type\":\"join\",\"room\":\"outage\"}");
            alice.ok("{\"type\":\"join\",\"room\":\"outage\"}");
            assertEquals(1, alice.ok("{\"type\":\"say\",\"room\":\"outage\",\"text\":\"before\"}").getInt("id"));
            assertEquals(1, nextMessage(watcher).getInt("id"));
            List<Flooder> flooders = connect(server, "f", "outage");
            long baseline = server.heapAfterGc();
            Map<String, Double> before = Scrape.of(server.uri("http", "/metrics"));

            redis.freeze();
            long heap;
            try {
                ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
                try {
                    List<Future<?>> floods = flood(pool, flooders, "outage");
                    awaitStatus(server.uri("http", "/health"), 503);
                    HttpResponse<String> published = publish(server, "outage");
                    assertEquals(503, published.statusCode(), published.body());
                    assertTrue(published.headers().firstValue("Retry-After").isPresent(), "Retry-After");
                    heap = server.heapAfterGc(); // while every connection has its requests waiting
                    for (Future<?> f : floods) {
                        f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    }
                } finally {
                    pool.shutdownNow();
                }
                Map<String, Double> after = Scrape.of(server.uri("http", "/metrics"));
                assertTrue(Scrape.delta(before, after, "parley_redis_failures_total{reason=\"timeout\"}") > 0,
                        "timeouts counted");
                assertTrue(Scrape.delta(before, after, "parley_redis_failures_total{reason=\"overloaded\"}") > 0,
                        "the in-flight cap met");
                assertEquals(0.0, after.get("parley_redis_up"));
            } finally {
                redis.thaw();
            }
            System.out.printf("RedisOutageIT: frozen: heap after GC %d KiB at start, %d KiB during the flood%n",
                    baseline >> 10, heap >> 10);
            Report report = Report.of(flooders, Duration.ofMillis(TIMEOUT_MS));
            long bound = baseline + floodBound();
            System.out.printf("RedisOutageIT: frozen: heap after GC %d KiB at start, %d KiB during the flood "
                    + "(bound %d KiB); %s%n", baseline >> 10, heap >> 10, bound >> 10, report);
            assertTrue(heap <= bound, "heap after GC " + (heap >> 10) + " KiB, over " + (bound >> 10) + " KiB");

            awaitStatus(server.uri("http", "/health"), 200);
            assertEquals(2, alice.ok("{\"type\":\"say\",\"room\":\"outage\",\"text\":\"after\"}").getInt("id"));
            assertEquals(3, alice.ok("{\"type\":\"say\",\"room\":\"outage\",\"text\":\"last\"}").getInt("id"));
            // Redis runs what it holds in order: a frozen say that landed would come before "after"
            assertEquals("after", nextMessage(watcher).getString("text"));
            assertEquals("last", nextMessage(watcher).getString("text"));
            assertEquals("3", redis.cli("XLEN", "parley:{outage}:log"));
            assertEquals("3", redis.cli("HGET", "parley:{outage}:meta", "last"));
            for (Flooder flooder : flooders) {
                assertTrue(flooder.client.ws().session().isOpen(), flooder.name + " is open");
                flooder.client.close();
            }
            watcher.close();
            alice.close();
            server.assertHealthy();
            server.assertStopsCleanlyOnSigterm();
        }
    }

    @Test
    @Order(2)
    void redisGoneAnswersAtOnceAndRestartedWithoutDataResetsTheRoom() throws Exception {
        int timeoutMillis = 10_000; // answers must come long before it: Redis is gone, not slow
        try (AttackedServer server = start(timeoutMillis)) {
            ChatClient watcher = ChatClient.connect(server.uri("ws", "/chat?name=watcher"));
            String epoch = watcher.ok("{\"type\":\"join\",\"room\":\"gone\"}").getString("epoch");
            assertEquals(1, watcher.ok("{\"type\":\"say\",\"room\":\"gone\",\"text\":\"before\"}").getInt("id"));
            List<Flooder> flooders = connect(server, "g", "gone");
            Map<String, Double> before = Scrape.of(server.uri("http", "/metrics"));

            redis.stop();
            awaitStatus(server.uri("http", "/health"), 503);
            HttpResponse<String> published = publish(server, "gone");
            assertEquals(503, published.statusCode(), published.body());
            assertTrue(published.headers().firstValue("Retry-After").isPresent(), "Retry-After");
            ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
            try {
                for (Future<?> f : flood(pool, flooders, "gone")) {
                    f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            Map<String, Double> after = Scrape.of(server.uri("http", "/metrics"));
            // No answer waits for the command timeout (Redis is gone, not slow): the timeout counter below says so
            // exactly; the gaps between answers stay under the timeout. Not under SLACK alone: with a timeout that never
            // fires, a gap is only the time a CPU-starved server takes to read and answer 200 x 40 frames (6.0 s seen
            // on this box at load 12).
            Report report = Report.of(flooders, Duration.ofMillis(timeoutMillis).minus(SLACK).minusSeconds(1));
            System.out.printf("RedisOutageIT: gone: %s%n", report);
            String timeouts = "parley_redis_failures_total{reason=\"timeout\"}";
            assertEquals(before.getOrDefault(timeouts, 0.0), after.getOrDefault(timeouts, 0.0),
                    "no say waited for the timeout");
            assertTrue(Scrape.delta(before, after, "parley_redis_failures_total{reason=\"disconnected\"}") > 0);

            redis.restart(); // on the same port, without the data
            for (Flooder flooder : flooders) {
                assertEquals(RoomFanout.RESET_CODE, flooder.client.awaitClose().getCloseCode().getCode(),
                        flooder.name);
            }
            assertEquals(RoomFanout.RESET_CODE, watcher.awaitClose().getCloseCode().getCode());
            awaitStatus(server.uri("http", "/health"), 200);
            try (ChatClient again = ChatClient.connect(server.uri("ws", "/chat?name=again"))) {
                JsonObject joined = again.ok("{\"type\":\"join\",\"room\":\"gone\"}");
                assertNotEquals(epoch, joined.getString("epoch"));
                assertEquals(0, joined.getInt("last"));
                assertEquals(1, again.ok("{\"type\":\"say\",\"room\":\"gone\",\"text\":\"new\"}").getInt("id"));
                assertEquals("new", nextMessage(again).getString("text"));
                assertEquals("1", redis.cli("XLEN", "parley:{gone}:log"));
            }
            server.assertHealthy();
        }
    }

    /**
     * What the frozen flood may add to the server at rest (docs/limits.md, "Redis down or slow"), item by item:
     * the waiting says' texts within the server's budget for pending requests (a sixteenth of the heap, counted in
     * characters of two bytes), the commands Lettuce holds (each with its message frame: the text and about 200
     * characters more, and its arguments and future), the inbound budget (frames Tyrus holds), the answers waiting
     * to be written (at most a window's 40 error frames per connection), and 4 MiB for what is in use on the
     * server's threads at the moment of the GC.
     */
    static long floodBound() {
        long waitingSays = ((long) HEAP_MB << 20) / 16;
        long heldCommands = (long) (MAX_IN_FLIGHT + RedisLink.REQUEST_QUEUE_MARGIN)
                * (2L * (TEXT.length() + 200) + 2048);
        long answers = (long) CONNECTIONS * 40 * 512;
        return waitingSays + heldCommands + INBOUND + answers + (4L << 20);
    }

    private static List<Flooder> connect(AttackedServer server, String prefix, String room) throws Exception {
        List<Flooder> flooders = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            flooders.add(Flooder.connect(server.uri("ws", "/chat"), prefix + i, room));
        }
        return flooders;
    }

    private static List<Future<?>> flood(ExecutorService pool, List<Flooder> flooders, String room) {
        long end = System.nanoTime() + FLOOD.toNanos();
        List<Future<?>> floods = new ArrayList<>();
        for (Flooder flooder : flooders) {
            floods.add(pool.submit(() -> {
                flooder.flood(room, TEXT, end);
                return null;
            }));
        }
        return floods;
    }

    static JsonObject nextMessage(ChatClient client) throws InterruptedException {
        JsonObject frame = client.next();
        while (!"message".equals(frame.getString("type"))) {
            frame = client.next();
        }
        return frame;
    }

    static HttpResponse<String> publish(AttackedServer server, String room) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.uri("http", "/api/rooms/" + room + "/messages"))
                .timeout(WAIT).header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"published\",\"from\":\"desk\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void awaitStatus(URI uri, int status) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            int seen = HTTP.send(HttpRequest.newBuilder(uri).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (seen == status) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, uri + " answered " + seen + ", not " + status);
            Thread.sleep(50);
        }
    }

    /** What the flooders saw, checked: only refusals, each in time, no message, no stray frame. */
    record Report(Map<String, Integer> answers, Duration slowest, int says) {
        /** Checks the flooders' answers: {@code timeout} + {@link #SLACK} at most between two of a connection. */
        static Report of(List<Flooder> flooders, Duration timeout) {
            Map<String, Integer> answers = new java.util.TreeMap<>();
            Duration slowest = Duration.ZERO;
            String what = "";
            long first = 0;
            int says = 0;
            for (Flooder flooder : flooders) {
                flooder.answers.forEach((code, n) -> answers.merge(code, n, Integer::sum));
                if (slowest.compareTo(flooder.slowest()) < 0) {
                    slowest = flooder.slowest();
                    what = flooder.name + ": " + flooder.slowestWhat;
                }
                says += flooder.said;
                first = Math.max(first, flooder.firstNanos);
                assertEquals(List.of(), flooder.messages, flooder.name + " got messages");
                assertEquals(List.of(), flooder.unexpected, flooder.name + " got stray frames");
            }
            System.out.printf("RedisOutageIT: %d says: %s, longest gap between answers %d ms (%s), first answer "
                    + "of a window after %d ms%n", says, answers, slowest.toMillis(), what, first / 1_000_000);
            assertTrue(REFUSED.containsAll(answers.keySet()), "answers " + answers);
            assertEquals(says, answers.values().stream().mapToInt(Integer::intValue).sum(), "every say answered");
            assertTrue(answers.getOrDefault("unavailable", 0) > 0, "answers " + answers);
            assertTrue(slowest.compareTo(timeout.plus(SLACK)) <= 0, "a gap of " + slowest.toMillis() + " ms between answers: " + what + "; " + answers);
            assertTrue(first <= READ_BACKLOG.toNanos(), "a window's first answer after " + first / 1_000_000 + " ms");
            return new Report(answers, slowest, says);
        }

        @Override
        public String toString() {
            return says + " says: " + answers + ", slowest answer " + slowest.toMillis() + " ms";
        }
    }
}

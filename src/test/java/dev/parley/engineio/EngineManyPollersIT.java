package dev.parley.engineio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import dev.parley.server.Config;
import dev.parley.server.ParleyServer;

/**
 * Many polling clients at once: 1,000 GETs held together on the embedded server, with no thread per held GET (the
 * JVM holds far fewer threads than GETs while all are held), every one answered; and a client that stops polling is
 * closed after its ping timeout while another, polling beside it, is not.
 */
class EngineManyPollersIT {
    private static final int CLIENTS = 1000;

    @Test
    void aThousandHeldGetsHoldNoThreadsAndAreAllAnswered() throws Exception {
        // no ping while the test runs: each held GET is answered by a message the server sends its session
        EngineConfig config = EngineConfig.DEFAULTS.withPing(Duration.ofMinutes(5), Duration.ofMinutes(1));
        ExecutorService clientThreads = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads)
                .connectTimeout(Duration.ofSeconds(30)).build();
        try (ParleyServer server = ParleyServer.start(Config.defaults().withPort(0)
                        .withLimits(Config.defaults().limits().withMaxSessionsPerAddress(CLIENTS + 10)),
                List.of(new EngineMount(EngineServers.PATH, config, EngineHandlers.echo(), false)))) {
            URI base = EngineServers.http(server);
            List<String> sids = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                String open = send(http, base, "EIO=4&transport=polling").join().body();
                sids.add(open.substring(open.indexOf("\"sid\":\"") + 7, open.indexOf("\",")));
            }
            // Threads of this JVM before the GETs: other tests' leftovers (client transports, timers) are not theirs.
            int threadsBefore = Thread.activeCount();
            List<CompletableFuture<HttpResponse<String>>> gets = new ArrayList<>();
            for (String sid : sids) {
                gets.add(send(http, base, "EIO=4&transport=polling&sid=" + sid));
            }
            EngineServer engine = server.engines().get(0);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int held = 0;
            while (System.nanoTime() < deadline && held < CLIENTS) {
                held = (int) sids.stream().map(engine::session).filter(s -> s != null && s.holdsGet()).count();
                Thread.sleep(10); // polling a condition with a deadline
            }
            int threadsWhileHeld = Thread.activeCount();
            assertEquals(CLIENTS, held, "all GETs held at once");
            assertEquals(0, gets.stream().filter(CompletableFuture::isDone).count());
            for (String sid : sids) {
                assertTrue(engine.session(sid).send("hi"));
            }
            int answeredOk = 0;
            for (CompletableFuture<HttpResponse<String>> get : gets) {
                HttpResponse<String> response = get.join();
                if (response.statusCode() == 200 && response.body().equals("4hi")) {
                    answeredOk++;
                }
            }
            assertEquals(CLIENTS, answeredOk, "every held GET answered with its message");
            assertTrue(threadsWhileHeld - threadsBefore < CLIENTS / 4, "threads while " + CLIENTS
                    + " GETs were held: " + threadsWhileHeld + ", before them " + threadsBefore);
            assertEquals(CLIENTS, engine.size());
        } finally {
            clientThreads.shutdownNow();
        }
    }

    @Test
    void aClientThatStopsPollingIsClosedAndOthersAreNot() throws Exception {
        try (ParleyServer server = EngineServers.echo(EngineServers.SUITE)) {
            URI base = EngineServers.http(server);
            Polling quiet = new Polling(base);
            Polling busy = new Polling(base);
            quiet.open();
            busy.open();
            assertEquals("2", quiet.get().body()); // then it stops: no pong, no GET
            for (int i = 0; i < 4; i++) { // 4 pings answered: well past the quiet one's 300 + 200 ms
                assertEquals("2", busy.get().body());
                assertEquals("ok", busy.post("3").body());
            }
            assertEquals(null, server.engines().get(0).session(quiet.sid()));
            assertEquals(400, quiet.get().statusCode());
            assertEquals("ok", busy.post("4alive").body());
            assertEquals("4alive", busy.get().body());
        }
    }

    private static CompletableFuture<HttpResponse<String>> send(HttpClient http, URI base, String query) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + "?" + query)).timeout(Duration.ofSeconds(90))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}

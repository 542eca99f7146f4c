package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.parley.chat.ChatConfig;
import dev.parley.chat.ChatService;
import dev.parley.chat.HeldRoomStore;
import dev.parley.chat.RecordingDelivery;
import dev.parley.chat.RequestRejected;
import dev.parley.metrics.Metrics;
import dev.parley.metrics.Scrape;
import dev.parley.session.FrameSink;
import dev.parley.session.Limits;

/**
 * The publish API on a room store that answers later or not at all ({@link HeldRoomStore}): the answer waits for
 * the store; a store that does not answer is 503 with {@code Retry-After} and a JSON error, never a 4xx.
 */
class PublishStoreTest {
    private static final String KEY = "test-key-0123456789";
    private static final String ROOM = "/api/rooms/news/messages";
    private static final byte[] BODY = "{\"text\":\"breaking\",\"from\":\"desk\"}".getBytes(StandardCharsets.UTF_8);

    private final Metrics metrics = new Metrics();
    private final ChatConfig config = ChatConfig.DEFAULTS.withApiKey(KEY);
    private final HeldRoomStore store = HeldRoomStore.inMemory(config);
    private final ChatService<?> chat = new ChatService<>(config, metrics,
            new RecordingDelivery(Limits.DEFAULTS.maxMessageBytes(), Limits.DEFAULTS.outboundMaxBytes()), store);
    private final HttpRoutes routes = ParleyApp.routes(metrics, chat, () -> false, new ParleyApp.Settings(
            Limits.DEFAULTS, config, FrameSink::async, Duration.ofSeconds(3), Duration.ofSeconds(5)));
    private final HttpRequest request = HttpRequest.of("POST", ROOM).withHeader("Authorization", "Bearer " + KEY)
            .withContentLength(BODY.length);

    @AfterEach
    void closeChat() {
        chat.close();
    }

    @Test
    void aStoreThatFailsIs503WithRetryAfterAndAJsonError() {
        store.fail(new IllegalStateException("the command timed out"));
        HttpReply failed = routes.answer(request, BODY);
        assertEquals(503, failed.status(), failed.text());
        assertEquals("1", failed.headers().get("Retry-After"));
        assertEquals(HttpReply.JSON, failed.contentType());
        assertEquals("{\"type\":\"error\",\"code\":\"unavailable\",\"message\":\"the room store did not answer in time;"
                + " retry\"}", failed.text());

        store.fail(new RequestRejected("unavailable", "the room store (Redis) did not answer; retry"));
        HttpReply refused = routes.answer(request, BODY);
        assertEquals(503, refused.status());
        assertEquals("1", refused.headers().get("Retry-After"));
        assertTrue(refused.text().contains("\"message\":\"the room store (Redis) did not answer; retry\""),
                refused.text());

        store.fail(new RequestRejected("try_again", "room \"news\" was being removed; publish again"));
        HttpReply other = routes.answer(request, BODY);
        assertEquals(400, other.status(), "the store's other refusals are the client's to see, as before");
        assertFalse(other.headers().containsKey("Retry-After"));

        store.fail(null);
        HttpReply accepted = routes.answer(request, BODY);
        assertEquals(202, accepted.status());
        assertTrue(accepted.text().contains("\"id\":1"), "the failed ones published nothing: " + accepted.text());
        assertEquals(0.0, Scrape.parse(routes.head(HttpRequest.of("GET", "/metrics")).text())
                .getOrDefault("parley_http_refused_total{status=\"503\"}", 0.0), "a 503 is not a refusal");
    }

    /** A response that records what the exchange does with it. */
    private final class Recorded {
        final List<Integer> statuses = new CopyOnWriteArrayList<>();
        final List<String> retryAfter = new CopyOnWriteArrayList<>();
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final AtomicInteger ends = new AtomicInteger();
        final HttpExchange exchange = new HttpExchange(routes, request, new HttpExchange.Response(statuses::add,
                type -> { }, (name, value) -> {
                    if (name.equals("Retry-After")) {
                        retryAfter.add(value);
                    }
                }, length -> { }, () -> written, ends::incrementAndGet));
    }

    @Test
    void theAnswerWaitsForTheStoreAndThenEndsTheRequestOnce() {
        Recorded response = new Recorded();
        assertFalse(response.exchange.answeredFromHead());
        store.hold(true);
        response.exchange.ended(BODY.length, BODY);
        assertEquals(List.of(), response.statuses, "the store has not answered");
        assertEquals(0, response.ends.get());
        assertTrue(response.exchange.done(), "the body read is over");
        store.release();
        assertEquals(List.of(202), response.statuses);
        assertEquals(1, response.ends.get());
        assertTrue(response.written.toString(StandardCharsets.UTF_8).contains("\"id\":1"));
        response.exchange.timedOut(BODY.length); // the container's time runs out after the answer: nothing more
        assertEquals(List.of(202), response.statuses);
        assertEquals(1, response.ends.get());
    }

    @Test
    void whenTheContainersTimeRunsOutFirstItIs503AndTheLateAnswerIsDropped() {
        Recorded response = new Recorded();
        assertFalse(response.exchange.answeredFromHead());
        store.hold(true);
        response.exchange.ended(BODY.length, BODY);
        response.exchange.timedOut(BODY.length);
        assertEquals(List.of(503), response.statuses);
        assertEquals(List.of("1"), response.retryAfter);
        assertTrue(response.written.toString(StandardCharsets.UTF_8).contains("\"code\":\"unavailable\""));
        store.release(); // published after all: the client was told it may or may not have been
        assertEquals(List.of(503), response.statuses);
        assertEquals(1, response.ends.get());
    }
}

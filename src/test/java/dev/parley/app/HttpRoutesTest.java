package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.parley.chat.ChatConfig;
import dev.parley.chat.ChatService;
import dev.parley.chat.RecordingDelivery;
import dev.parley.metrics.Metrics;
import dev.parley.metrics.Scrape;
import dev.parley.session.FrameSink;
import dev.parley.session.Limits;

/** The application's HTTP routes without a server: a request record in, a reply record out. */
class HttpRoutesTest {
    private static final String KEY = "test-key-0123456789";
    private static final String ROOM = "/api/rooms/news/messages";

    private final Metrics metrics = new Metrics();
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** The chat's delivery for tests; a publish to a room nobody is in sends nothing through it. */
    private final ChatService<?> chat = new ChatService<>(ChatConfig.DEFAULTS.withApiKey(KEY), metrics,
            new RecordingDelivery(Limits.DEFAULTS.maxMessageBytes(), Limits.DEFAULTS.outboundMaxBytes()));
    private final HttpRoutes routes = ParleyApp.routes(metrics, chat, stopping::get, new ParleyApp.Settings(
            Limits.DEFAULTS, chat.config(), FrameSink::async, Duration.ofSeconds(3), Duration.ofMillis(5200)));

    @AfterEach
    void closeChat() {
        chat.close();
    }

    private double refused(int status) {
        return Scrape.parse(routes.head(HttpRequest.of("GET", "/metrics")).text())
                .getOrDefault("parley_http_refused_total{status=\"" + status + "\"}", 0.0);
    }

    private static HttpRequest publish(String path, String authorization, long length) {
        return HttpRequest.of("POST", path).withHeader("Authorization", authorization).withContentLength(length);
    }

    @Test
    void healthSaysUpThenStoppingWithRetryAfterAndClose() {
        HttpReply up = routes.head(HttpRequest.of("GET", "/health"));
        assertEquals(200, up.status());
        assertEquals("{\"status\":\"UP\"}", up.text());
        assertEquals(HttpReply.JSON, up.contentType());
        assertEquals("no-store", up.headers().get("Cache-Control"));
        assertFalse(up.headers().containsKey("Connection"), "a health checker may keep its connection");

        stopping.set(true);
        HttpReply stopped = routes.head(HttpRequest.of("GET", "/health"));
        assertEquals(503, stopped.status());
        assertEquals("{\"status\":\"STOPPING\"}", stopped.text());
        assertEquals("6", stopped.headers().get("Retry-After"), "5.2 s rounded up");
        assertEquals("close", stopped.headers().get("Connection"));
        assertEquals(0, refused(503), "a 503 of /health is an answer, not a refused request");
    }

    @Test
    void healthAndMetricsAnswerGetAndHeadOnly() {
        assertEquals(200, routes.head(HttpRequest.of("HEAD", "/health")).status());
        for (String path : new String[] {"/health", "/metrics"}) {
            HttpReply post = routes.head(HttpRequest.of("POST", path).withContentLength(3));
            assertEquals(405, post.status(), path);
            assertEquals("GET, HEAD", post.headers().get("Allow"), path);
            assertEquals("close", post.headers().get("Connection"), "its body is not waited for: " + path);
        }
        assertEquals(2, refused(405));
    }

    @Test
    void metricsArePrometheusTextThatCountsRefusals() {
        HttpReply reply = routes.head(HttpRequest.of("GET", "/metrics"));
        assertEquals(200, reply.status());
        assertTrue(reply.contentType().startsWith("text/plain"), reply.contentType());
        assertEquals("no-store", reply.headers().get("Cache-Control"));
        assertTrue(Scrape.parse(reply.text()).containsKey("parley_sessions_opened_total"), reply.text());
    }

    @Test
    void aPathNoRouteServesIs404() {
        HttpReply reply = routes.head(HttpRequest.of("GET", "/api"));
        assertEquals(404, reply.status());
        assertTrue(reply.text().contains("\"not_found\""), reply.text());
        assertEquals(1, refused(404));
    }

    @Test
    void publishRefusesFromTheHeadInOrderAndClosesTheConnection() {
        assertEquals(404, routes.head(publish("/api/rooms/news", "Bearer " + KEY, 10)).status());
        assertEquals(405, routes.head(HttpRequest.of("GET", ROOM).withHeader("Authorization", "Bearer " + KEY))
                .status());
        HttpReply wrongKey = routes.head(publish(ROOM, "Bearer wrong", 65536));
        assertEquals(401, wrongKey.status());
        assertEquals("close", wrongKey.headers().get("Connection"), "the body may be on its way: not waited for");
        HttpReply tooLarge = routes.head(publish(ROOM, "Bearer " + KEY, routes.maxBodyBytes() + 1));
        assertEquals(413, tooLarge.status(), "announced over the cap: refused before a byte is read");
        assertEquals("close", tooLarge.headers().get("Connection"));
        assertEquals(1, refused(401));
        assertEquals(1, refused(413));
    }

    @Test
    void publishWithTheRightKeyReadsTheBodyAndIsAccepted() {
        HttpRequest request = publish(ROOM, "Bearer " + KEY, routes.maxBodyBytes());
        assertNull(routes.head(request), "the body is needed");
        HttpReply accepted = routes.answer(request, "{\"text\":\"breaking\",\"from\":\"desk\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(202, accepted.status(), accepted.text());
        assertTrue(accepted.text().contains("\"id\":1"), accepted.text());
        assertEquals(400, routes.answer(request, "{".getBytes(StandardCharsets.UTF_8)).status());
        assertEquals(413, routes.answer(request, null).status(), "a body that turned out longer than the cap");
    }

    @Test
    void anExchangeToldTwiceThatItsBodyEndedPublishesAndAnswersOnce() throws Exception {
        byte[] body = "{\"text\":\"once\",\"from\":\"desk\"}".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = publish(ROOM, "Bearer " + KEY, body.length);
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        HttpExchange exchange = new HttpExchange(routes, request, new HttpExchange.Response(statuses::add,
                type -> { }, (name, value) -> { }, length -> { }, () -> written, () -> { }));
        assertFalse(exchange.answeredFromHead());
        exchange.ended(body.length, body);
        exchange.ended(body.length, body); // a container that reports the end of the body twice
        exchange.timedOut(body.length);
        assertEquals(List.of(202), statuses);
        assertTrue(written.toString(StandardCharsets.UTF_8).contains("\"id\":1"), written.toString());
        HttpReply next = routes.answer(request, body);
        assertTrue(next.text().contains("\"id\":2"), "the first exchange published once: " + next.text());
    }

    @Test
    void aBodyThatIsLateIs408AndOneCutShortIs400BothClosing() {
        HttpRequest request = publish(ROOM, "Bearer " + KEY, 100);
        HttpReply late = routes.timedOut(request, 10, 100);
        assertEquals(408, late.status());
        assertTrue(late.text().contains("\"body_timeout\"") && late.text().contains("3000 ms (10 of 100 bytes)"),
                late.text());
        assertEquals("close", late.headers().get("Connection"));
        HttpReply chunked = routes.timedOut(request.withContentLength(-1), 10, -1);
        assertTrue(chunked.text().contains("(10 of ? bytes)"), chunked.text());
        HttpReply cut = routes.cutShort(request, 10, 100);
        assertEquals(400, cut.status());
        assertEquals("close", cut.headers().get("Connection"));
        assertEquals(2, refused(408));
        assertEquals(1, refused(400));
    }

    @Test
    void everyRouteHasAContainerMapping() {
        assertEquals(List.of("/health", "/metrics", "/api/*"),
                routes.routes().stream().map(Route::mapping).toList());
        Route api = routes.routes().get(2);
        assertTrue(api.serves(ROOM));
        assertFalse(api.serves("/apiary"));
        assertFalse(routes.routes().get(0).serves("/health/x"));
    }
}

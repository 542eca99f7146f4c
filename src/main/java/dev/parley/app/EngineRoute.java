package dev.parley.app;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import dev.parley.engineio.Answer;
import dev.parley.engineio.EngineError;
import dev.parley.engineio.EngineOrigins;
import dev.parley.engineio.EngineRequest;
import dev.parley.engineio.EngineServer;
import dev.parley.engineio.EngineSession;

/**
 * Engine.IO's HTTP long-polling transport at an {@link EngineServer}'s path (engine.io-protocol, "HTTP
 * long-polling"): the handshake GET is answered from the head with the open packet; a GET with a sid is held, with no
 * thread, until the session has packets (its ping comes at the latest, so {@link #answerTimeout()} is the ping
 * interval and timeout); a POST's body is the client's packets, answered {@code ok}. Refusals are 400 (403, 413)
 * with {@code {"code":N,"message":...}} ({@link EngineError}). CORS as {@link EngineOrigins} says; an origin it does
 * not allow is refused 403 (code 4), so a page elsewhere cannot post into a session either.
 */
final class EngineRoute implements Route {
    private static final String TEXT = "text/plain;charset=UTF-8";

    private final EngineServer server;
    private final EngineOrigins origins;

    EngineRoute(EngineServer server, EngineOrigins origins) {
        this.server = server;
        this.origins = origins;
    }

    @Override
    public String path() {
        return server.path();
    }

    @Override
    public Duration answerTimeout() {
        return server.config().pingInterval().plus(server.config().pingTimeout());
    }

    @Override
    public int maxBodyBytes() {
        return server.config().maxPayload();
    }

    @Override
    public HttpReply head(HttpRequest request) {
        String origin = request.header("Origin");
        if (!origins.allows(origin)) {
            return refused(request, EngineError.FORBIDDEN);
        }
        if (request.method().equals("OPTIONS")) { // a CORS preflight
            HttpReply preflight = cors(new HttpReply(204, TEXT, Map.of(), new byte[0]), request)
                    .withHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
            String asked = request.header("Access-Control-Request-Headers");
            return asked == null ? preflight : preflight.withHeader("Access-Control-Allow-Headers", asked);
        }
        Map<String, List<String>> query = request.parameters();
        EngineError error = server.check(request.method(), query, false);
        if (error != null) {
            return refused(request, error);
        }
        String sid = first(query, "sid");
        if (sid == null) {
            Map<String, List<String>> headers = request.headers().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
            return reply(request, server.handshake(new EngineRequest(headers, query, request.peer())));
        }
        EngineSession session = server.session(sid);
        if (session == null) {
            return refused(request, EngineError.SESSION_ID_UNKNOWN);
        }
        if (request.method().equals("POST")) {
            if (request.contentLength() > maxBodyBytes()) {
                return reply(request, session.post(null)); // 413, and the session closes
            }
            if (!session.postStarted()) {
                return refused(request, EngineError.BAD_REQUEST);
            }
        }
        return null; // a GET is held; a POST's body is read first
    }

    @Override
    public CompletionStage<HttpReply> answer(HttpRequest request, byte[] body) {
        EngineSession session = server.session(first(request.parameters(), "sid"));
        if (session == null) {
            return CompletableFuture.completedFuture(refused(request, EngineError.SESSION_ID_UNKNOWN));
        }
        if (request.method().equals("GET")) {
            return session.poll().thenApply(answer -> reply(request, answer));
        }
        String payload = body == null ? null : new String(body, StandardCharsets.UTF_8);
        return CompletableFuture.completedFuture(reply(request, session.post(payload)));
    }

    /** {@code answer} as HTTP; a refusal in it the session or server reported already. */
    private HttpReply reply(HttpRequest request, Answer answer) {
        if (answer.error() != null) {
            return refusal(request, answer.error());
        }
        return cors(new HttpReply(200, TEXT, Map.of("Cache-Control", "no-store"),
                answer.payload().getBytes(StandardCharsets.UTF_8)), request);
    }

    /** A refusal decided here: reported (logged and counted), then answered. */
    private HttpReply refused(HttpRequest request, EngineError error) {
        server.refused(error, request.peer(), null);
        return refusal(request, error);
    }

    private HttpReply refusal(HttpRequest request, EngineError error) {
        return cors(HttpReply.json(error.status(), error.json()), request);
    }

    private HttpReply cors(HttpReply reply, HttpRequest request) {
        HttpReply answer = reply;
        for (Map.Entry<String, String> header : origins.headers(request.header("Origin")).entrySet()) {
            answer = answer.withHeader(header.getKey(), header.getValue());
        }
        return answer;
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}

package dev.parley.app;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import dev.parley.chat.PublishApi;

/**
 * One HTTP route of the application, free of any container: a request in, a reply out. The embedded server and the
 * WAR each have one adapter that serves every route ({@code dev.parley.server.RouteHandler},
 * {@code dev.parley.war.RouteServlet}); {@link ParleyApp#routes()} lists them, so a new route is one line there.
 *
 * <p>A route answers in two steps so that no body is read for a request refused anyway (issue 11): {@link #head}
 * from the request head alone, and only if that says null, {@link #answer} once the adapter has read the body under
 * {@link HttpRoutes}' body rule. That answer may come later (a stage): the adapters keep the request open until it
 * does.
 */
public interface Route {
    /** {@code /health}: that path exactly; {@code /api/}, ending in a slash: every path under it. */
    String path();

    /** The answer that needs no body (every answer, for a route that reads none); null: read the body first. */
    HttpReply head(HttpRequest request);

    /**
     * The answer to a request {@link #head} passed, with its body; {@code body} is null when it was over the cap.
     * Routes that read no body never get here. The stage may complete on any thread.
     */
    default CompletionStage<HttpReply> answer(HttpRequest request, byte[] body) {
        throw new IllegalStateException(path() + " reads no body");
    }

    /**
     * How long an answer may take, from the request's head, body included; null: {@link HttpRoutes#bodyTimeout()}.
     * A route that holds a request until it has something to say (Engine.IO's long-polling GET) says how long.
     */
    default Duration answerTimeout() {
        return null;
    }

    /** The largest body this route reads; one announced over it is refused 413 before a byte of it is read. */
    default int maxBodyBytes() {
        return PublishApi.MAX_BODY_BYTES;
    }

    /** Whether this route serves {@code path}. */
    default boolean serves(String path) {
        return path().endsWith("/") ? path.startsWith(path()) : path.equals(path());
    }

    /** The mapping a container registers it under: the path, or {@code /api/*} for a prefix (servlet and Grizzly). */
    default String mapping() {
        return path().endsWith("/") ? path() + "*" : path();
    }
}

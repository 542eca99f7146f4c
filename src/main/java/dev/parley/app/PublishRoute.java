package dev.parley.app;

import java.util.concurrent.CompletionStage;

import dev.parley.chat.PublishApi;

/**
 * The publish API ({@link PublishApi}) as a route: its cheap checks (404, 405, 401) from the head, then the body,
 * answered once the room store has answered.
 */
final class PublishRoute implements Route {
    private final PublishApi api;

    PublishRoute(PublishApi api) {
        this.api = api;
    }

    @Override
    public String path() {
        return PublishApi.PREFIX;
    }

    @Override
    public HttpReply head(HttpRequest request) {
        PublishApi.Reply refusal = api.refusal(request.method(), request.path(), request.header("Authorization"));
        return refusal == null ? null : HttpRoutes.json(refusal);
    }

    @Override
    public CompletionStage<HttpReply> answer(HttpRequest request, byte[] body) {
        return api.publish(request.path(), body).thenApply(HttpRoutes::json);
    }
}

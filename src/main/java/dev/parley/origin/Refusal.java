package dev.parley.origin;

/**
 * An upgrade turned down before it happens: the HTTP status, the reason sent in {@value OriginCheck#ERROR_HEADER},
 * and the {@code parley_bad_requests_total} kind (null when the request is not malformed: a taken name, a stopping
 * server).
 */
public record Refusal(int status, String reason, String kind) {
}

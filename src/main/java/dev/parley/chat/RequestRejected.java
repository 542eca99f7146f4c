package dev.parley.chat;

/**
 * A chat request the server answers with an {@code error} frame (the connection stays open), its {@link #code} one of
 * docs/protocol.md's errors; a {@link RoomStore} completes a stage exceptionally with one to refuse a request
 * ({@code unavailable}: the store did not answer in time).
 */
public final class RequestRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final String kind;

    public RequestRejected(String code, String message) {
        this(code, message, null);
    }

    /** A request that could not be parsed at all, counted in {@code /metrics} as {@code kind}. */
    RequestRejected(String code, String message, String kind) {
        super(message, null, false, false);
        this.code = code;
        this.kind = kind;
    }

    public String code() {
        return code;
    }

    /** The {@code parley_bad_requests_total} kind if the request could not be parsed, else null. */
    String kind() {
        return kind;
    }
}

package dev.parley.chat;

/** A chat request the server answers with an {@code error} frame (the connection stays open). */
final class RequestRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    RequestRejected(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}

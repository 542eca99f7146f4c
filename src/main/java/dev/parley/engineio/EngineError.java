package dev.parley.engineio;

/**
 * Every refusal of an Engine.IO request, each mapped here, once, to its HTTP status and its body
 * {@code {"code":N,"message":"..."}} (the codes and messages of the reference server, engine.io {@code Server.errors}).
 * {@link #PAYLOAD_TOO_LARGE} has no code of the protocol's; it answers 413 with code 3.
 */
public enum EngineError {
    TRANSPORT_UNKNOWN(0, "Transport unknown", 400),
    SESSION_ID_UNKNOWN(1, "Session ID unknown", 400),
    BAD_HANDSHAKE_METHOD(2, "Bad handshake method", 400),
    BAD_REQUEST(3, "Bad request", 400),
    FORBIDDEN(4, "Forbidden", 403),
    UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version", 400),
    PAYLOAD_TOO_LARGE(3, "Payload too large", 413);

    private final int code;
    private final String message;
    private final int status;
    private final String json;

    EngineError(int code, String message, int status) {
        this.code = code;
        this.message = message;
        this.status = status;
        this.json = EngineConfig.JSON.createObjectBuilder().add("code", code).add("message", message).build()
                .toString();
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }

    public int status() {
        return status;
    }

    /** The body of the refusal. */
    public String json() {
        return json;
    }
}

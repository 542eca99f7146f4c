package dev.parley.socketio;

import jakarta.json.JsonValue;

/**
 * Thrown by a connect handler to refuse a client: it gets {@code CONNECT_ERROR} with {@code {"message":...,"data":...}}
 * (its {@code connect_error} event), and the Engine.IO connection stays open. python-socketio's
 * {@code ConnectionRefusedError}.
 */
public final class ConnectRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient JsonValue data;

    public ConnectRefused(String message) {
        this(message, null);
    }

    /** @param data sent as the payload's {@code data}; null leaves it out */
    public ConnectRefused(String message, JsonValue data) {
        super(message, null, false, false);
        this.data = data;
    }

    /** The {@code data} of the refusal, or null. */
    public JsonValue data() {
        return data;
    }
}

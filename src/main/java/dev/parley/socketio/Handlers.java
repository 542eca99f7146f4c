package dev.parley.socketio;

import java.util.List;

import jakarta.json.JsonObject;

/** The handlers a {@link Namespace} runs, as lambdas. */
public final class Handlers {
    private Handlers() {
    }

    /** A client asks to join the namespace. Return to accept; throw {@link ConnectRefused} to refuse. */
    @FunctionalInterface
    public interface Connect {
        /** @param auth the CONNECT packet's payload ({@code {}} when it had none) */
        void connect(SioSocket socket, JsonObject auth);
    }

    /** A client left the namespace: {@code reason} as the reference server names it. */
    @FunctionalInterface
    public interface Disconnect {
        void disconnected(SioSocket socket, String reason);
    }

    /** One event from a client. */
    @FunctionalInterface
    public interface Event {
        /** @param args each a jakarta.json {@code JsonValue} or a {@code byte[]} */
        void event(SioSocket socket, List<Object> args, Ack ack);
    }
}

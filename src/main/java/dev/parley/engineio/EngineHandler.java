package dev.parley.engineio;

/** What runs on top of Engine.IO at one path (Socket.IO, or the suite's echo). */
public interface EngineHandler {
    /** A connection opened (handshake done). Returns what receives its messages, in order, one at a time. */
    Connection open(EngineSocket socket);

    /**
     * One connection's messages and its end. {@code message} and {@code closed} for one connection are never called
     * concurrently; they must not block.
     */
    interface Connection {
        void message(String text);

        void message(byte[] data);

        /**
         * Once. Reasons as the reference server names them: "transport close", "transport error", "ping timeout",
         * "parse error", "forced close", "transport buffer full"; and Parley's "server busy" (a memory budget of the
         * server was spent: {@link EngineSocket#SERVER_BUSY}).
         */
        void closed(String reason);
    }
}

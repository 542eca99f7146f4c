package dev.parley.engineio;

/**
 * Two handlers that need no layer above Engine.IO: the echo the engine.io-protocol test suite expects, and the
 * stand-in that {@code /socket.io/} runs until the Socket.IO layer is connected.
 */
public final class EngineHandlers {
    private EngineHandlers() {
    }

    /** Every message back as it came, text as text and binary as binary (the upstream suite's server). */
    public static EngineHandler echo() {
        return socket -> new EngineHandler.Connection() {
            @Override
            public void message(String text) {
                socket.send(text);
            }

            @Override
            public void message(byte[] data) {
                socket.send(data);
            }

            @Override
            public void closed(String reason) {
            }
        };
    }

    /**
     * Closes every connection with "forced close" as soon as it opens: a path with nothing on top of Engine.IO yet
     * says so at once, rather than echoing a client's Socket.IO packets back as if the server had sent them.
     */
    public static EngineHandler forcedClose() {
        return socket -> {
            socket.close("forced close");
            return new EngineHandler.Connection() {
                @Override
                public void message(String text) {
                }

                @Override
                public void message(byte[] data) {
                }

                @Override
                public void closed(String reason) {
                }
            };
        };
    }
}

package dev.parley.socketio.clients;

/** How a client script connects: the argument it takes (peers/socketio/CONTRACT.md, "The scenarios' output"). */
public enum Transport {
    /** HTTP long-polling first, then the upgrade to WebSocket (the clients' default). */
    POLLING_UPGRADE("polling-upgrade"),
    /** WebSocket from the start, no polling request. */
    WEBSOCKET("websocket"),
    /** HTTP long-polling only, no upgrade. */
    POLLING("polling");

    private final String argument;

    Transport(String argument) {
        this.argument = argument;
    }

    public String argument() {
        return argument;
    }
}

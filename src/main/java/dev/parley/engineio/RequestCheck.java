package dev.parley.engineio;

import java.util.function.Function;

/**
 * Whether an Engine.IO request may go on, from its method and query alone (engine.io-protocol, "Transports",
 * "Handshake"; the reference server's checks, in its order). Null: it may; else the refusal.
 */
public final class RequestCheck {
    private RequestCheck() {
    }

    /**
     * @param method      the HTTP method
     * @param eio         the {@code EIO} query parameter (null if absent)
     * @param transport   the {@code transport} query parameter (null if absent)
     * @param sid         the {@code sid} query parameter (null if absent: a handshake)
     * @param upgrade     whether the request asks for a WebSocket
     * @param transportOf the transport an open session uses now ({@code polling}, {@code websocket}), by sid; null
     *                    if there is no such session
     */
    public static EngineError check(String method, String eio, String transport, String sid, boolean upgrade,
                                    Function<String, String> transportOf) {
        // "transport: the name of the transport ... polling, websocket" (engine.io-protocol, "Transports")
        if (!"polling".equals(transport) && !"websocket".equals(transport)) {
            return EngineError.TRANSPORT_UNKNOWN;
        }
        // "EIO: the version of the protocol" — only 4 is spoken here
        if (!"4".equals(eio)) {
            return EngineError.UNSUPPORTED_PROTOCOL_VERSION;
        }
        if (transport.equals("websocket") != upgrade) {
            return EngineError.BAD_REQUEST; // a WebSocket asked for over plain HTTP, or an upgrade to polling
        }
        if (sid == null) {
            // "the client begins the handshake with a HTTP GET request" ("Handshake")
            return method.equals("GET") ? null : EngineError.BAD_HANDSHAKE_METHOD;
        }
        String now = transportOf.apply(sid);
        if (now == null) {
            return EngineError.SESSION_ID_UNKNOWN;
        }
        // polling for a session that has upgraded to WebSocket is refused; a WebSocket for a polling session upgrades
        if (!upgrade && !now.equals(transport)) {
            return EngineError.BAD_REQUEST;
        }
        if (!upgrade && !method.equals("GET") && !method.equals("POST")) {
            return EngineError.BAD_REQUEST;
        }
        return null;
    }
}

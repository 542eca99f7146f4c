package dev.parley.engineio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** The request checks of engine.io-protocol ("Transports", "Handshake") and the refusal each maps to. */
class RequestCheckTest {
    private static final Function<String, String> SESSIONS = Map.of("p", "polling", "w", "websocket")::get;

    private static EngineError check(String method, String eio, String transport, String sid, boolean upgrade) {
        return RequestCheck.check(method, eio, transport, sid, upgrade, SESSIONS);
    }

    @Test
    void aHandshakeIsAGetWithEio4AndAKnownTransport() {
        assertNull(check("GET", "4", "polling", null, false));
        assertNull(check("GET", "4", "websocket", null, true));
    }

    @Test
    void refusals() {
        assertEquals(EngineError.UNSUPPORTED_PROTOCOL_VERSION, check("GET", "3", "polling", null, false));
        assertEquals(EngineError.UNSUPPORTED_PROTOCOL_VERSION, check("GET", null, "polling", null, false));
        assertEquals(EngineError.TRANSPORT_UNKNOWN, check("GET", "4", "abc", null, false));
        assertEquals(EngineError.TRANSPORT_UNKNOWN, check("GET", "4", null, null, false));
        assertEquals(EngineError.BAD_HANDSHAKE_METHOD, check("POST", "4", "polling", null, false));
        assertEquals(EngineError.BAD_HANDSHAKE_METHOD, check("PUT", "4", "polling", null, false));
        assertEquals(EngineError.SESSION_ID_UNKNOWN, check("GET", "4", "polling", "nope", false));
        assertEquals(EngineError.BAD_REQUEST, check("GET", "4", "websocket", null, false));
        assertEquals(EngineError.BAD_REQUEST, check("GET", "4", "polling", "w", false)); // polling after upgrade
    }

    @Test
    void aWebSocketWithAPollingSidIsAnUpgrade() {
        assertNull(check("GET", "4", "websocket", "p", true));
        assertNull(check("POST", "4", "polling", "p", false));
    }

    @Test
    void eachRefusalHasItsStatusAndJson() {
        assertEquals(400, EngineError.UNSUPPORTED_PROTOCOL_VERSION.status());
        assertEquals("{\"code\":5,\"message\":\"Unsupported protocol version\"}",
                EngineError.UNSUPPORTED_PROTOCOL_VERSION.json());
        assertEquals("{\"code\":0,\"message\":\"Transport unknown\"}", EngineError.TRANSPORT_UNKNOWN.json());
        assertEquals("{\"code\":1,\"message\":\"Session ID unknown\"}", EngineError.SESSION_ID_UNKNOWN.json());
        assertEquals("{\"code\":2,\"message\":\"Bad handshake method\"}", EngineError.BAD_HANDSHAKE_METHOD.json());
        assertEquals("{\"code\":3,\"message\":\"Bad request\"}", EngineError.BAD_REQUEST.json());
        assertEquals(403, EngineError.FORBIDDEN.status());
        assertEquals(413, EngineError.PAYLOAD_TOO_LARGE.status());
    }
}

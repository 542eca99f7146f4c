package dev.parley.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.wire.DeflateParameters;
import dev.parley.wire.HandshakeRejected;
import dev.parley.wire.HttpHeaders;

/** The client's reading of a server's answer to its permessage-deflate offer (RFC 7692 §5, §7). */
class DeflateHandshakeTest {
    private static Optional<DeflateParameters> check(String... values) {
        HttpHeaders headers = HttpHeaders.EMPTY;
        for (String value : values) {
            headers = headers.with("Sec-WebSocket-Extensions", value);
        }
        return DeflateHandshake.check(headers);
    }

    @Test
    void theOfferIsPlainPermessageDeflate() {
        assertEquals("permessage-deflate", DeflateHandshake.offer().first("Sec-WebSocket-Extensions").orElseThrow());
    }

    @Test
    void noAnswerMeansNoCompression() {
        assertEquals(Optional.empty(), check());
        assertFalse(DeflateHandshake.accepted(HttpHeaders.EMPTY));
        assertFalse(DeflateHandshake.accepted(HttpHeaders.of("Sec-WebSocket-Extensions", "x-permessage-deflate-foo")));
        assertTrue(DeflateHandshake.accepted(HttpHeaders.of("Sec-WebSocket-Extensions", "Permessage-Deflate; a=1")));
    }

    @Test
    void theParametersInForceAreRead() {
        DeflateParameters p = check("permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                + "server_max_window_bits=12").orElseThrow();
        assertTrue(p.serverNoContextTakeover() && p.clientNoContextTakeover());
        assertEquals(12, p.serverMaxWindowBits());
        assertEquals(15, p.clientMaxWindowBits());
        assertTrue(DeflateHandshake.describe(Optional.of(p)).startsWith("permessage-deflate negotiated: "));
    }

    @Test
    void answersBreakingSection7FailTheConnection() {
        // §7.1.2.2: client_max_window_bits was not offered, so the answer must not have it
        assertThrows(HandshakeRejected.class, () -> check("permessage-deflate; client_max_window_bits=10"));
        assertThrows(HandshakeRejected.class, () -> check("permessage-deflate; server_max_window_bits=7"));
        assertThrows(HandshakeRejected.class, () -> check("permessage-deflate; server_no_context_takeover=1"));
        assertThrows(HandshakeRejected.class, () -> check("permessage-deflate; x_unknown"));
        assertThrows(HandshakeRejected.class, () -> check("permessage-deflate; server_no_context_takeover; "
                + "server_no_context_takeover"));
        // one offer, so at most one accepted element; and a malformed header
        assertThrows(HandshakeRejected.class, () -> check("permessage-deflate", "permessage-deflate"));
        assertThrows(HandshakeRejected.class, () -> check("permessage-deflate; =3"));
    }
}

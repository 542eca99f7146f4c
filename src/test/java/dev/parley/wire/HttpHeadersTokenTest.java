package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link HttpHeaders#hasToken} scans the list in place; it must say what the list of {@link HttpHeaders#tokens} says.
 * RFC 7230 §7: a list is elements separated by commas with optional whitespace, empty elements allowed and ignored;
 * RFC 6455 §4.2.1: the Upgrade and Connection tokens are compared case-insensitively.
 */
class HttpHeadersTokenTest {

    /** The definition the in-place scan replaced. */
    private static boolean byTokens(HttpHeaders headers, String name, String token) {
        String wanted = token.toLowerCase(Locale.ROOT);
        return headers.tokens(name).stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).equals(wanted));
    }

    @Test
    void findsTheTokensOfTheRfcsExamples() {
        HttpHeaders headers = HttpHeaders.of("Host", "example.com", "connection", "keep-alive, Upgrade",
                "Upgrade", "WebSocket", "Connection", "close");
        assertTrue(headers.hasToken("Connection", "upgrade"));
        assertTrue(headers.hasToken("Connection", "close"));
        assertTrue(headers.hasToken("UPGRADE", "websocket"));
        assertFalse(headers.hasToken("Connection", "websocket"));
        assertFalse(headers.hasToken("Sec-WebSocket-Key", "upgrade"));
        assertFalse(headers.hasToken("Connection", ""));
        assertFalse(HttpHeaders.of("Connection", "upgrade-insecure, Upgrades, xupgrade").hasToken("Connection",
                "upgrade"));
        assertTrue(HttpHeaders.of("Connection", " ,\t, upgrade\t ,").hasToken("Connection", "upgrade"));
    }

    @Test
    void agreesWithTheListOfTokensOnRandomLists() {
        // Commas, blanks, tabs, a control character, case variants, non-ASCII letters (Latin-1, as Grizzly decodes
        // header bytes, and the Kelvin sign, which lower-cases to k) around the pieces of the two tokens
        String[] pieces = {",", " ", "\t", "\u0001", "up", "UP", "grade", "GRADE", "web", "socket", "SocKet",
            "webſocket", "\u212Aey", "Ä", "upgrade", "websocket", "websoc\u212Aet", "x"};
        Random random = new Random(16);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder value = new StringBuilder();
            for (int n = random.nextInt(8); n > 0; n--) {
                value.append(pieces[random.nextInt(pieces.length)]);
            }
            HttpHeaders headers = HttpHeaders.of("Connection", value.toString());
            for (String token : new String[] {"upgrade", "websocket", "Upgrade", "x"}) {
                assertEquals(byTokens(headers, "connection", token), headers.hasToken("connection", token),
                        () -> "'" + value + "' has " + token);
            }
        }
    }
}

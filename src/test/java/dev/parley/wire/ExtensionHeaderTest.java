package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.wire.ExtensionOffer.Parameter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code Sec-WebSocket-Extensions} parsing: RFC 6455 §9.1's grammar, RFC 7692's offers. */
class ExtensionHeaderTest {
    private static List<ExtensionOffer> offers(String... lines) {
        ExtensionHeader.Parsed parsed = ExtensionHeader.parse(List.of(lines));
        return assertInstanceOf(ExtensionHeader.Offers.class, parsed, parsed::toString).offers();
    }

    private static String malformed(String line) {
        ExtensionHeader.Parsed parsed = ExtensionHeader.parse(line);
        return assertInstanceOf(ExtensionHeader.Malformed.class, parsed, parsed::toString).reason();
    }

    @Test
    void browsersOffer() {
        // What Chromium and Node ws send.
        assertEquals(List.of(ExtensionOffer.of("permessage-deflate", Parameter.flag("client_max_window_bits"))),
                offers("permessage-deflate; client_max_window_bits"));
        assertEquals(List.of(ExtensionOffer.of("permessage-deflate")), offers("permessage-deflate"));
    }

    @Test
    void rfc7692Section5SeveralOffersInPreferenceOrder() {
        // RFC 7692 §5.1: "Sec-WebSocket-Extensions: permessage-foo; use_y, permessage-foo"; §7.1.3's example
        // offers "permessage-deflate; client_max_window_bits; server_max_window_bits=10, permessage-deflate;
        // client_max_window_bits".
        assertEquals(List.of(
                ExtensionOffer.of("permessage-deflate", Parameter.flag("client_max_window_bits"),
                        Parameter.of("server_max_window_bits", "10")),
                ExtensionOffer.of("permessage-deflate", Parameter.flag("client_max_window_bits"))),
                offers("permessage-deflate; client_max_window_bits; server_max_window_bits=10, "
                        + "permessage-deflate; client_max_window_bits"));
    }

    @Test
    void severalHeaderLinesKeepTheirOrder() {
        // RFC 6455 §9.1: "the |Sec-WebSocket-Extensions| header field MAY appear multiple times in an HTTP request"
        HttpHeaders headers = HttpHeaders.of("Sec-WebSocket-Extensions", "x-webkit-deflate-frame",
                "Host", "example.com", "sec-websocket-extensions", "permessage-deflate; server_no_context_takeover");
        ExtensionHeader.Parsed parsed = ExtensionHeader.parse(headers);
        assertEquals(new ExtensionHeader.Offers(List.of(ExtensionOffer.of("x-webkit-deflate-frame"),
                ExtensionOffer.of("permessage-deflate", Parameter.flag("server_no_context_takeover")))), parsed);
    }

    @Test
    void quotedValuesAreUnquoted() {
        // RFC 6455 §9.1: "When using the quoted-string syntax variant, the value after quoted-string unescaping MUST
        // conform to the 'token' ABNF." So "10" is 10, and a quoted-pair \2 is 2.
        assertEquals(List.of(ExtensionOffer.of("permessage-deflate", Parameter.of("server_max_window_bits", "10"),
                Parameter.of("client_max_window_bits", "12"))),
                offers("permessage-deflate; server_max_window_bits=\"10\"; client_max_window_bits=\"1\\2\""));
    }

    @Test
    void whitespaceAndEmptyElements() {
        // RFC 7230 §3.2.3 OWS around separators; §7: "a recipient MUST parse and ignore a reasonable number of empty
        // list elements".
        assertEquals(List.of(ExtensionOffer.of("a", Parameter.of("b", "1"), Parameter.flag("c")),
                ExtensionOffer.of("d")), offers(" ,\t a ;b = 1 ;\tc , , d ,"));
        assertEquals(List.of(), offers("", " , "));
        assertEquals(List.of(), offers());
    }

    @Test
    void offerToHeaderValueParsesBack() {
        ExtensionOffer offer = ExtensionOffer.of("permessage-deflate", Parameter.flag("server_no_context_takeover"),
                Parameter.of("client_max_window_bits", "10"));
        assertEquals("permessage-deflate; server_no_context_takeover; client_max_window_bits=10", offer.toHeaderValue());
        assertEquals(List.of(offer), offers(offer.toHeaderValue()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        ";a",                              // no extension token
        "permessage-deflate;",             // parameter name missing
        "permessage-deflate; =10",         // parameter name missing
        "permessage-deflate; a=",          // value missing
        "permessage-deflate; a=\"\"",      // empty quoted value is not a token
        "permessage-deflate; a=\"1 0\"",   // space inside the quotes: not a token
        "permessage-deflate; a=\"1,0\"",   // comma inside the quotes: not a token
        "permessage-deflate; a=\"10",      // no closing quote
        "permessage-deflate; a=\"10\\",    // quoted-pair cut off
        "permessage-deflate; a=1 0",       // two tokens
        "permessage-deflate a",            // ';' missing
        "permessage-deflate; a=1; b=(x)",  // separator in a token value
        "permessage-deflate, é",           // not a token character
        "permessage-deflate; a=\"é\"",     // not a token character in quotes
    })
    void malformedHeadersAreValuesNotExceptions(String line) {
        String reason = malformed(line);
        assertTrue(reason.contains("at index") && reason.contains(line), reason);
    }

    @Test
    void oneMalformedLineMakesTheHeaderMalformed() {
        ExtensionHeader.Parsed parsed = ExtensionHeader.parse(List.of("permessage-deflate", "x; =1"));
        assertEquals(new ExtensionHeader.Malformed("parameter name expected at index 3 of \"x; =1\""), parsed);
    }
}

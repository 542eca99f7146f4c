package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7692 §5 and §7: which offer the server accepts, and the exact response. */
class DeflateNegotiationTest {
    /** Accepts nothing but what the client asks (no policy additions). */
    private static final DeflatePolicy PLAIN = new DeflatePolicy(false, false, 15);

    private static DeflateNegotiation.Result negotiate(String header, DeflatePolicy policy) {
        return DeflateNegotiation.negotiate(HttpHeaders.of("Sec-WebSocket-Extensions", header), policy);
    }

    private static String response(String header, DeflatePolicy policy) {
        DeflateNegotiation.Result result = negotiate(header, policy);
        return result.responseHeader().orElseThrow(() -> new AssertionError("declined: " + result.declined()));
    }

    private static String declined(String header) {
        DeflateNegotiation.Result result = negotiate(header, PLAIN);
        assertEquals(Optional.empty(), result.accepted(), "accepted");
        assertEquals(1, result.declined().size(), result.declined().toString());
        return result.declined().get(0);
    }

    @Test
    void plainOfferPlainAnswer() {
        assertEquals("permessage-deflate", response("permessage-deflate", PLAIN));
        assertEquals(new DeflateParameters(15, 15, false, false, false, false),
                negotiate("permessage-deflate", PLAIN).accepted().orElseThrow());
    }

    @Test
    void parleyAsksServerNoContextTakeoverByDefault() {
        // §7.1.1.1: "A server MAY include the "server_no_context_takeover" extension parameter in an extension
        // negotiation response even if the extension negotiation offer being accepted by the extension negotiation
        // response didn't include the "server_no_context_takeover" extension parameter."
        assertEquals("permessage-deflate; server_no_context_takeover",
                response("permessage-deflate; client_max_window_bits", DeflatePolicy.DEFAULT));
    }

    @Test
    void clientNoContextTakeoverByPolicy() {
        // §7.1.1.2: "A server MAY include the "client_no_context_takeover" extension parameter in an extension
        // negotiation response."
        assertEquals("permessage-deflate; client_no_context_takeover",
                response("permessage-deflate", new DeflatePolicy(false, true, 15)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // §7.1.1.1: the server accepts server_no_context_takeover "by including the "server_no_context_takeover"
        // extension parameter in the corresponding extension negotiation response".
        "server_no_context_takeover | server_no_context_takeover",
        // §7.1.1.2: the client "is not going to use context takeover"; echoing it is allowed.
        "client_no_context_takeover | client_no_context_takeover",
        "server_no_context_takeover; client_no_context_takeover | server_no_context_takeover; client_no_context_takeover",
        "client_no_context_takeover; server_no_context_takeover | server_no_context_takeover; client_no_context_takeover",
        // §7.1.2.1: the server "MUST include the "server_max_window_bits" extension parameter in the extension
        // negotiation response with the same or smaller value as the offer".
        "server_max_window_bits=15 | server_max_window_bits=15",
        "server_max_window_bits=\"15\" | server_max_window_bits=15",
        // §7.1.2.2: no value: the client supports the parameter in the response; the server need not send it.
        "client_max_window_bits | ''",
        // §7.1.2.2: with a value, "the client is going to use an LZ77 sliding window size smaller than or equal to
        // the value"; Parley answers what is in force.
        "client_max_window_bits=10 | client_max_window_bits=10",
        "client_max_window_bits=8 | client_max_window_bits=8",
        "client_max_window_bits=15 | ''",
        "client_max_window_bits; server_max_window_bits=15; server_no_context_takeover; client_no_context_takeover"
                + " | server_no_context_takeover; client_no_context_takeover; server_max_window_bits=15",
        // Parameter names compared without case, answered in their canonical spelling.
        "Server_No_Context_Takeover | server_no_context_takeover",
    })
    void everyParameterCombination(String parameters, String expected) {
        String answer = "permessage-deflate" + (expected.isEmpty() ? "" : "; " + expected);
        assertEquals(answer, response("permessage-deflate; " + parameters, PLAIN));
    }

    @ParameterizedTest(name = "policy {0}, offer {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "12 | client_max_window_bits    | client_max_window_bits=12",
        "12 | client_max_window_bits=10 | client_max_window_bits=10",
        "12 | client_max_window_bits=13 | client_max_window_bits=12",
        // §7.1.2.2: "If a received extension negotiation offer doesn't have the "client_max_window_bits" extension
        // parameter, the corresponding extension negotiation response to the offer MUST NOT include the
        // "client_max_window_bits" extension parameter."
        "12 | server_no_context_takeover | server_no_context_takeover",
    })
    void clientWindowByPolicy(int policyBits, String offer, String expected) {
        DeflatePolicy policy = new DeflatePolicy(false, false, policyBits);
        assertEquals("permessage-deflate; " + expected, response("permessage-deflate; " + offer, policy));
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 9, 14})
    void smallerServerWindowIsDeclinedAsUnsupported(int bits) {
        // §7: decline if "The server doesn't support the offered configuration." java.util.zip.Deflater has a fixed
        // 15-bit window (8 is also the value zlib raises to 9 for raw deflate).
        assertTrue(declined("permessage-deflate; server_max_window_bits=" + bits).contains("not supported"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // "The negotiation offer contains an extension parameter not defined for use in an offer."
        "permessage-deflate; foo | unknown parameter foo",
        "permessage-deflate; mux=1 | unknown parameter mux",
        // "The negotiation offer contains multiple extension parameters with the same name."
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover | duplicate parameter",
        "permessage-deflate; client_max_window_bits; client_max_window_bits=10 | duplicate parameter",
        "permessage-deflate; client_max_window_bits=10; CLIENT_MAX_WINDOW_BITS=10 | duplicate parameter",
        // "The negotiation offer contains an extension parameter with an invalid value."
        // §7.1.1.1 / §7.1.1.2: "This parameter has no value."
        "permessage-deflate; server_no_context_takeover=1 | with a value",
        "permessage-deflate; client_no_context_takeover=true | with a value",
        // §7.1.2.1: "a decimal integer value without leading zeroes between 8 to 15, inclusive"
        "permessage-deflate; server_max_window_bits | needs a value",
        "permessage-deflate; server_max_window_bits=7 | needs a value",
        "permessage-deflate; server_max_window_bits=16 | needs a value",
        "permessage-deflate; server_max_window_bits=015 | needs a value",
        "permessage-deflate; server_max_window_bits=+9 | needs a value",
        "permessage-deflate; server_max_window_bits=0x0f | needs a value",
        // §7.1.2.2: "no value or a decimal integer value without leading zeroes between 8 to 15 inclusive"
        "permessage-deflate; client_max_window_bits=7 | needs no value or",
        "permessage-deflate; client_max_window_bits=\"16\" | needs no value or",
        "permessage-deflate; client_max_window_bits=09 | needs no value or",
        "permessage-deflate; client_max_window_bits=-1 | needs no value or",
        "permessage-deflate; client_max_window_bits=99999999999 | needs no value or",
    })
    void declinedOffers(String header, String reason) {
        String why = declined(header);
        assertTrue(why.contains(reason), why);
    }

    @Test
    void firstSupportedOfferWins() {
        // §5: "An element preceding another element has higher preference."
        DeflateNegotiation.Result result = negotiate(
                "x-webkit-deflate-frame, permessage-deflate; server_max_window_bits=10, permessage-deflate; foo,"
                        + " permessage-deflate; client_max_window_bits, permessage-deflate", PLAIN);
        assertEquals(Optional.of("permessage-deflate"), result.responseHeader());
        assertEquals(2, result.declined().size(), result.declined().toString());
        assertTrue(result.declined().get(0).startsWith("permessage-deflate; server_max_window_bits=10: "));
        assertTrue(result.declined().get(1).startsWith("permessage-deflate; foo: unknown parameter"));
    }

    @Test
    void noOfferAcceptedContinuesWithoutTheExtension() {
        // RFC 6455 §9.1: the server answers with the extensions it accepts; none is a valid answer.
        DeflateNegotiation.Result result = negotiate("permessage-deflate; foo, x-other", PLAIN);
        assertEquals(Optional.empty(), result.responseHeader());
        assertEquals(List.of("permessage-deflate; foo: unknown parameter foo"), result.declined());
        assertEquals(new DeflateNegotiation.Result(Optional.empty(), List.of()),
                DeflateNegotiation.negotiate(HttpHeaders.EMPTY, DeflatePolicy.DEFAULT));
    }

    @Test
    void malformedHeaderAcceptsNothing() {
        DeflateNegotiation.Result result = negotiate("permessage-deflate; a=\"x y\"", DeflatePolicy.DEFAULT);
        assertEquals(Optional.empty(), result.accepted());
        assertTrue(result.declined().get(0).startsWith("malformed header: "), result.declined().toString());
    }

    @Test
    void roleDecidesWhichFlagResets() {
        DeflateParameters p = new DeflateParameters(15, 15, true, false, false, false);
        assertTrue(p.deflaterResets(Role.SERVER) && p.inflaterResets(Role.CLIENT));
        assertTrue(!p.deflaterResets(Role.CLIENT) && !p.inflaterResets(Role.SERVER));
    }

    @Test
    void policyAndParametersRefuseOutOfRangeBits() {
        assertThrows(IllegalArgumentException.class, () -> new DeflatePolicy(true, false, 8));
        assertThrows(IllegalArgumentException.class, () -> new DeflatePolicy(true, false, 16));
        assertThrows(IllegalArgumentException.class, () -> new DeflateParameters(7, 15, false, false, false, false));
    }

    private static DeflateNegotiation.Result clientChecks(String response) {
        ExtensionHeader.Parsed parsed = ExtensionHeader.parse(response);
        return DeflateNegotiation.checkResponse(((ExtensionHeader.Offers) parsed).offers().get(0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "permessage-deflate | 15 | false",
        "permessage-deflate; server_no_context_takeover | 15 | true",
        // §7.1.2.1: a server "MAY include the "server_max_window_bits" extension parameter in an extension
        // negotiation response even if the extension negotiation offer being accepted by the response didn't
        // include" it; the client's 32 KiB inflater reads any window.
        "permessage-deflate; server_max_window_bits=10 | 10 | false",
        "permessage-deflate; server_max_window_bits=8; server_no_context_takeover | 8 | true",
    })
    void clientAcceptsTheServersResponse(String response, int serverBits, boolean serverNoContext) {
        DeflateParameters p = clientChecks(response).accepted().orElseThrow();
        assertEquals(serverBits, p.serverMaxWindowBits());
        assertEquals(serverNoContext, p.inflaterResets(Role.CLIENT));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // §7.1.2.2: the response "MUST NOT include" client_max_window_bits when the offer had none.
        "permessage-deflate; client_max_window_bits=10 | client_max_window_bits was not offered",
        "permessage-deflate; foo | unknown parameter foo",
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover | duplicate parameter",
        "permessage-deflate; server_max_window_bits=16 | needs a value",
        "permessage-deflate; client_no_context_takeover=1 | with a value",
        "x-webkit-deflate-frame | not permessage-deflate",
    })
    void clientFailsTheConnectionOnABadResponse(String response, String reason) {
        DeflateNegotiation.Result result = clientChecks(response);
        assertEquals(Optional.empty(), result.accepted());
        assertTrue(result.declined().get(0).contains(reason), result.declined().toString());
    }
}

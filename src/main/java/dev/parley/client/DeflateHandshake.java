package dev.parley.client;

import java.util.List;
import java.util.Optional;

import dev.parley.wire.DeflateNegotiation;
import dev.parley.wire.DeflateParameters;
import dev.parley.wire.ExtensionHeader;
import dev.parley.wire.ExtensionOffer;
import dev.parley.wire.HandshakeRejected;
import dev.parley.wire.HttpHeaders;
import dev.parley.wire.UpgradeResponse;

/**
 * The client's side of permessage-deflate negotiation (RFC 7692 §5): the offer to send
 * ({@link DeflateNegotiation#CLIENT_OFFER}) and the reading of the server's {@code Sec-WebSocket-Extensions} answer.
 */
public final class DeflateHandshake {
    private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

    private DeflateHandshake() {
    }

    /** The request header field that offers permessage-deflate. */
    public static HttpHeaders offer() {
        return HttpHeaders.of(EXTENSIONS, DeflateNegotiation.CLIENT_OFFER.toHeaderValue());
    }

    /** Whether the response names permessage-deflate at all (checked or not). */
    public static boolean accepted(UpgradeResponse response) {
        return accepted(response.headers());
    }

    /** Whether these response headers name permessage-deflate at all (checked or not). */
    public static boolean accepted(HttpHeaders responseHeaders) {
        return ExtensionHeader.parse(responseHeaders) instanceof ExtensionHeader.Offers offers && offers.offers()
                .stream().anyMatch(element -> element.name().equalsIgnoreCase(DeflateParameters.EXTENSION));
    }

    /**
     * The parameters in force after the server's answer to {@link #offer()}: empty when it did not accept the
     * extension. RFC 7692 §7: "A client MUST _Fail the WebSocket Connection_ if the peer server accepted an extension
     * negotiation offer for this extension with an extension negotiation response meeting any of the following
     * conditions": those answers, a malformed header and more than one element are a {@link HandshakeRejected}.
     */
    public static Optional<DeflateParameters> check(HttpHeaders responseHeaders) {
        ExtensionHeader.Parsed parsed = ExtensionHeader.parse(responseHeaders);
        if (parsed instanceof ExtensionHeader.Malformed malformed) {
            throw new HandshakeRejected("malformed Sec-WebSocket-Extensions: " + malformed.reason());
        }
        List<ExtensionOffer> elements = ((ExtensionHeader.Offers) parsed).offers();
        if (elements.isEmpty()) {
            return Optional.empty();
        }
        if (elements.size() > 1) {
            // only one extension was offered, so the answer can name one element at most (RFC 6455 §9.1)
            throw new HandshakeRejected("more than one extension accepted: " + elements);
        }
        DeflateNegotiation.Result result = DeflateNegotiation.checkResponse(elements.get(0));
        if (result.accepted().isEmpty()) {
            throw new HandshakeRejected("permessage-deflate answer refused: " + String.join("; ", result.declined()));
        }
        return result.accepted();
    }

    /** How the parameters are shown: the response element, e.g. {@code permessage-deflate; server_no_context_takeover}. */
    public static String describe(Optional<DeflateParameters> parameters) {
        return parameters.map(p -> "permessage-deflate negotiated: " + p.toHeaderValue()
                + " (server window " + p.serverMaxWindowBits() + " bits, client window " + p.clientMaxWindowBits()
                + " bits)").orElse("permessage-deflate not negotiated");
    }
}

package dev.parley.wire;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The server's side of permessage-deflate negotiation (RFC 7692 §5, §7): the first offer it supports wins, every other
 * one is declined with a reason. Values in, values out; the handshake code writes {@link Result#responseHeader()}.
 *
 * <p>§5: "The order of elements is important as it specifies the client's preference. [...] It is recommended that a
 * server accepts PMCEs with higher preference if the server supports them."
 */
public final class DeflateNegotiation {
    private DeflateNegotiation() {
    }

    /** The outcome: the parameters in force, if an offer was accepted, and why each earlier offer was declined. */
    public record Result(Optional<DeflateParameters> accepted, List<String> declined) {
        public Result {
            declined = List.copyOf(declined);
        }

        /** The {@code Sec-WebSocket-Extensions} value to answer with, if an offer was accepted. */
        public Optional<String> responseHeader() {
            return accepted.map(DeflateParameters::toHeaderValue);
        }
    }

    /** Negotiates over the {@code Sec-WebSocket-Extensions} lines of a request. */
    public static Result negotiate(HttpHeaders request, DeflatePolicy policy) {
        return negotiate(ExtensionHeader.parse(request), policy);
    }

    /**
     * Negotiates over a parsed header. A malformed header accepts nothing (RFC 6455 §9.1 gives no meaning to it, and
     * going on without the extension is always allowed).
     */
    public static Result negotiate(ExtensionHeader.Parsed parsed, DeflatePolicy policy) {
        if (parsed instanceof ExtensionHeader.Malformed malformed) {
            return new Result(Optional.empty(), List.of("malformed header: " + malformed.reason()));
        }
        return negotiate(((ExtensionHeader.Offers) parsed).offers(), policy);
    }

    /** Negotiates over offers in the client's order of preference; offers of other extensions are skipped. */
    public static Result negotiate(List<ExtensionOffer> offers, DeflatePolicy policy) {
        List<String> declined = new ArrayList<>();
        for (ExtensionOffer offer : offers) {
            if (!offer.name().equalsIgnoreCase(DeflateParameters.EXTENSION)) {
                continue;
            }
            Verdict verdict = accept(offer, policy, false);
            if (verdict.parameters() != null) {
                return new Result(Optional.of(verdict.parameters()), declined);
            }
            declined.add(offer + ": " + verdict.declined());
        }
        return new Result(Optional.empty(), declined);
    }

    /** What a Parley client offers: plain permessage-deflate (its deflater's window is fixed at 15 bits). */
    public static final ExtensionOffer CLIENT_OFFER = ExtensionOffer.of(DeflateParameters.EXTENSION);

    /**
     * The client's check of the server's accepted element, for an offer of {@link #CLIENT_OFFER}: the parameters in
     * force, or (empty accepted, one reason) a response the client must fail the connection on. §7: "A client MUST
     * _Fail the WebSocket Connection_ if the peer server accepted an extension negotiation offer for this extension
     * with an extension negotiation response meeting any of the following conditions", the same four as an offer's.
     */
    public static Result checkResponse(ExtensionOffer response) {
        if (!response.name().equalsIgnoreCase(DeflateParameters.EXTENSION)) {
            return new Result(Optional.empty(), List.of("not " + DeflateParameters.EXTENSION + ": " + response.name()));
        }
        for (ExtensionOffer.Parameter parameter : response.parameters()) {
            // §7.1.2.2: "If a received extension negotiation offer doesn't have the "client_max_window_bits" extension
            // parameter, the corresponding extension negotiation response to the offer MUST NOT include" it.
            if (parameter.name().equalsIgnoreCase(DeflateParameters.CLIENT_MAX_WINDOW_BITS)) {
                return new Result(Optional.empty(), List.of(response + ": client_max_window_bits was not offered"));
            }
        }
        // The rest are the offer's rules; the server's window (any 8..15) fits the 32 KiB inflater.
        Verdict verdict = accept(response, new DeflatePolicy(false, false, DeflateParameters.MAX_WINDOW_BITS), true);
        if (verdict.parameters() == null) {
            return new Result(Optional.empty(), List.of(response + ": " + verdict.declined()));
        }
        return new Result(Optional.of(verdict.parameters()), List.of());
    }

    /** One offer's outcome: the parameters in force, or (parameters null) why it is declined. */
    private record Verdict(DeflateParameters parameters, String declined) {
        static Verdict decline(String reason) {
            return new Verdict(null, reason);
        }
    }

    /**
     * The parameters for one offer (or a response, {@code anyServerWindow}), or the reason it is declined. §7: "A server MUST decline an extension
     * negotiation offer for this extension if any of the following conditions are met: [...]"
     */
    private static Verdict accept(ExtensionOffer offer, DeflatePolicy policy, boolean anyServerWindow) {
        Set<String> seen = new HashSet<>();
        boolean serverNoContext = false;
        boolean clientNoContext = false;
        int serverBits = DeflateParameters.MAX_WINDOW_BITS;
        boolean serverBitsOffered = false;
        int clientBits = DeflateParameters.MAX_WINDOW_BITS;
        boolean clientBitsOffered = false;
        for (ExtensionOffer.Parameter parameter : offer.parameters()) {
            String name = parameter.name().toLowerCase(Locale.ROOT);
            if (!seen.add(name)) {
                // "The negotiation offer contains multiple extension parameters with the same name."
                return Verdict.decline("duplicate parameter " + name);
            }
            Optional<String> value = parameter.value();
            switch (name) {
                case DeflateParameters.SERVER_NO_CONTEXT_TAKEOVER, DeflateParameters.CLIENT_NO_CONTEXT_TAKEOVER -> {
                    // §7.1.1.1, §7.1.1.2: "This parameter has no value."
                    if (value.isPresent()) {
                        return Verdict.decline(name + " with a value");
                    }
                    if (name.equals(DeflateParameters.SERVER_NO_CONTEXT_TAKEOVER)) {
                        serverNoContext = true;
                    } else {
                        clientNoContext = true;
                    }
                }
                case DeflateParameters.SERVER_MAX_WINDOW_BITS -> {
                    // §7.1.2.1: "This parameter has a decimal integer value without leading zeroes between 8 to 15,
                    // inclusive, indicating the base-2 logarithm of the LZ77 sliding window size"
                    OptionalBits bits = windowBits(value);
                    if (!bits.valid()) {
                        return Verdict.decline(name + " needs a value 8..15 without leading zeroes, got " + value.orElse("none"));
                    }
                    // "The server doesn't support the offered configuration." java.util.zip.Deflater always uses 15.
                    if (!anyServerWindow && bits.bits() < DeflateParameters.MAX_WINDOW_BITS) {
                        return Verdict.decline(name + "=" + bits.bits() + " not supported (the JDK deflater's window is 15 bits)");
                    }
                    serverBits = bits.bits();
                    serverBitsOffered = true;
                }
                case DeflateParameters.CLIENT_MAX_WINDOW_BITS -> {
                    // §7.1.2.2: "This parameter has no value or a decimal integer value without leading zeroes between
                    // 8 to 15 inclusive"
                    if (value.isPresent()) {
                        OptionalBits bits = windowBits(value);
                        if (!bits.valid()) {
                            return Verdict.decline(name + " needs no value or a value 8..15 without leading zeroes, got " + value.get());
                        }
                        clientBits = bits.bits();
                    }
                    clientBitsOffered = true;
                }
                // "The negotiation offer contains an extension parameter not defined for use in an offer."
                default -> {
                    return Verdict.decline("unknown parameter " + name);
                }
            }
        }
        // §7.1.2.2: "If a received extension negotiation offer doesn't have the "client_max_window_bits" extension
        // parameter, the corresponding extension negotiation response to the offer MUST NOT include the
        // "client_max_window_bits" extension parameter."
        boolean announceClientBits = false;
        if (clientBitsOffered) {
            clientBits = Math.min(clientBits, policy.clientMaxWindowBits());
            announceClientBits = clientBits < DeflateParameters.MAX_WINDOW_BITS;
        }
        // §7.1.1.1: "A server accepts an extension negotiation offer that includes the "server_no_context_takeover"
        // extension parameter by including the "server_no_context_takeover" extension parameter in the corresponding
        // extension negotiation response". §7.1.2.1: the server "MUST include the "server_max_window_bits" extension
        // parameter in the extension negotiation response with the same or smaller value as the offer".
        return new Verdict(new DeflateParameters(serverBits, clientBits,
                serverNoContext || policy.serverNoContextTakeover(), clientNoContext || policy.clientNoContextTakeover(),
                serverBitsOffered, announceClientBits), null);
    }

    private record OptionalBits(boolean valid, int bits) {
    }

    /** A window-bits value: one digit 8 or 9, or 10–15, no leading zero, no sign. */
    private static OptionalBits windowBits(Optional<String> value) {
        if (value.isEmpty()) {
            return new OptionalBits(false, 0);
        }
        String v = value.get();
        if (v.isEmpty() || v.length() > 2 || v.charAt(0) == '0' || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return new OptionalBits(false, 0);
        }
        int bits = Integer.parseInt(v);
        boolean valid = bits >= DeflateParameters.MIN_WINDOW_BITS && bits <= DeflateParameters.MAX_WINDOW_BITS;
        return new OptionalBits(valid, bits);
    }
}

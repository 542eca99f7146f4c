package dev.parley.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * The permessage-deflate parameters in force on a connection (RFC 7692 §7.1): the LZ77 window each side compresses
 * with, and whether each side starts every message with an empty window. {@code server_*} applies to what the server
 * sends, {@code client_*} to what the client sends.
 *
 * @param serverMaxWindowBits the server compresses with a window of at most 2^bits bytes, 8–15
 * @param clientMaxWindowBits the client compresses with a window of at most 2^bits bytes, 8–15
 * @param serverNoContextTakeover the server resets its compressor after each message
 * @param clientNoContextTakeover the client resets its compressor after each message
 * @param announceServerWindowBits whether the response names {@code server_max_window_bits} (it must when the offer
 *     did, §7.1.2.1)
 * @param announceClientWindowBits whether the response names {@code client_max_window_bits} (it may only when the
 *     offer did, §7.1.2.2)
 */
public record DeflateParameters(int serverMaxWindowBits, int clientMaxWindowBits, boolean serverNoContextTakeover,
        boolean clientNoContextTakeover, boolean announceServerWindowBits, boolean announceClientWindowBits) {
    /** The extension's name in {@code Sec-WebSocket-Extensions}. */
    public static final String EXTENSION = "permessage-deflate";
    public static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    public static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    public static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    public static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";
    /** §7.1.2.1: "a decimal integer value without leading zeroes between 8 to 15, inclusive". */
    public static final int MIN_WINDOW_BITS = 8;
    public static final int MAX_WINDOW_BITS = 15;

    public DeflateParameters {
        checkBits(serverMaxWindowBits);
        checkBits(clientMaxWindowBits);
    }

    private static void checkBits(int bits) {
        if (bits < MIN_WINDOW_BITS || bits > MAX_WINDOW_BITS) {
            throw new IllegalArgumentException("window bits outside 8..15: " + bits);
        }
    }

    /** Whether the end {@code receiver} resets its inflater after each message (its peer compresses without context). */
    public boolean inflaterResets(Role receiver) {
        return receiver == Role.SERVER ? clientNoContextTakeover : serverNoContextTakeover;
    }

    /** Whether the end {@code sender} resets its deflater after each message. */
    public boolean deflaterResets(Role sender) {
        return sender == Role.SERVER ? serverNoContextTakeover : clientNoContextTakeover;
    }

    /** The accepted element of the server's {@code Sec-WebSocket-Extensions} response. */
    public ExtensionOffer toResponse() {
        List<ExtensionOffer.Parameter> parameters = new ArrayList<>(4);
        if (serverNoContextTakeover) {
            parameters.add(ExtensionOffer.Parameter.flag(SERVER_NO_CONTEXT_TAKEOVER));
        }
        if (clientNoContextTakeover) {
            parameters.add(ExtensionOffer.Parameter.flag(CLIENT_NO_CONTEXT_TAKEOVER));
        }
        if (announceServerWindowBits) {
            parameters.add(ExtensionOffer.Parameter.of(SERVER_MAX_WINDOW_BITS, Integer.toString(serverMaxWindowBits)));
        }
        if (announceClientWindowBits) {
            parameters.add(ExtensionOffer.Parameter.of(CLIENT_MAX_WINDOW_BITS, Integer.toString(clientMaxWindowBits)));
        }
        return new ExtensionOffer(EXTENSION, parameters);
    }

    /** The response header value, e.g. {@code permessage-deflate; server_no_context_takeover}. */
    public String toHeaderValue() {
        return toResponse().toHeaderValue();
    }
}

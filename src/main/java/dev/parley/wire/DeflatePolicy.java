package dev.parley.wire;

/**
 * What a server accepts and asks for when it negotiates permessage-deflate (RFC 7692 §7).
 *
 * <p>The server's own window is always 15 bits: {@code java.util.zip.Deflater} has no window-size setting, so an
 * offer with {@code server_max_window_bits} below 15 is one "the server doesn't support" and is declined (§7). The
 * inflater always has a 32 KiB window, which reads streams made with any smaller window, so the client's window costs
 * the server no memory either way.
 *
 * @param serverNoContextTakeover answer {@code server_no_context_takeover} even when not offered (§7.1.1.1 lets the
 *     server): every message is compressed on its own, so one compressed broadcast fits every member
 * @param clientNoContextTakeover answer {@code client_no_context_takeover} even when not offered (§7.1.1.2)
 * @param clientMaxWindowBits when the offer has {@code client_max_window_bits}, answer with the smaller of this and
 *     the offered value; 9–15, 15 answering nothing (8 is refused: zlib raises a raw-deflate window of 8 to 9, so a
 *     zlib client told 8 may send 9-bit streams)
 */
public record DeflatePolicy(boolean serverNoContextTakeover, boolean clientNoContextTakeover, int clientMaxWindowBits) {
    /** Parley's default: ask {@code server_no_context_takeover}, let the client keep its context, any client window. */
    public static final DeflatePolicy DEFAULT = new DeflatePolicy(true, false, DeflateParameters.MAX_WINDOW_BITS);

    public DeflatePolicy {
        if (clientMaxWindowBits < 9 || clientMaxWindowBits > DeflateParameters.MAX_WINDOW_BITS) {
            throw new IllegalArgumentException("clientMaxWindowBits outside 9..15: " + clientMaxWindowBits);
        }
    }
}

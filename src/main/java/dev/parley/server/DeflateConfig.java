package dev.parley.server;

import dev.parley.settings.Setting;
import dev.parley.settings.Settings;
import dev.parley.wire.DeflatePolicy;

/**
 * permessage-deflate on the embedded server (RFC 7692; {@code --deflate}, {@code --deflate-threshold},
 * {@code --deflate-client-window-bits}). The policy always asks both {@code server_no_context_takeover} (one
 * compressed broadcast fits every member) and {@code client_no_context_takeover}: then a connection holds no inflater
 * between messages (docs/limits.md, "permessage-deflate").
 *
 * @param on        whether an offer is accepted at all; off: no {@code Sec-WebSocket-Extensions} in any answer
 * @param threshold messages to clients smaller than this many bytes go uncompressed (the outbound side reads it)
 * @param policy    what the negotiation accepts and asks
 */
public record DeflateConfig(boolean on, int threshold, DeflatePolicy policy) {
    public static final DeflateConfig OFF = new DeflateConfig(false, 128, policy(15));

    public DeflateConfig {
        if (threshold < 0) {
            throw new IllegalArgumentException("deflate threshold must not be negative: " + threshold);
        }
        if (policy == null) {
            throw new IllegalArgumentException("policy must not be null");
        }
    }

    /** Parley's policy with the client window bits Parley accepts, 9-15. */
    public static DeflatePolicy policy(int clientWindowBits) {
        return new DeflatePolicy(true, true, clientWindowBits);
    }

    /** From the settings; an {@code --deflate} other than on/off, or window bits outside 9-15, is refused. */
    static DeflateConfig from(Settings settings) {
        String on = settings.text(Setting.DEFLATE);
        if (!"on".equals(on) && !"off".equals(on)) {
            throw new IllegalArgumentException(Setting.DEFLATE.option() + " is on or off, not " + on);
        }
        int bits = settings.integer(Setting.DEFLATE_CLIENT_WINDOW_BITS);
        if (bits < 9 || bits > 15) {
            throw new IllegalArgumentException(Setting.DEFLATE_CLIENT_WINDOW_BITS.option() + " is 9-15, not " + bits);
        }
        return new DeflateConfig("on".equals(on), settings.integer(Setting.DEFLATE_THRESHOLD), policy(bits));
    }

    public DeflateConfig withOn(boolean newOn) {
        return new DeflateConfig(newOn, threshold, policy);
    }
}

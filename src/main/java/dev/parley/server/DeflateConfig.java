package dev.parley.server;

import dev.parley.settings.Setting;
import dev.parley.settings.Settings;
import dev.parley.wire.DeflatePolicy;

/**
 * permessage-deflate on the embedded server (RFC 7692; {@code --deflate}, {@code --deflate-threshold},
 * {@code --deflate-client-window-bits}, {@code --deflate-client-context}). The policy always asks
 * {@code server_no_context_takeover} (one compressed broadcast fits every member) and, unless
 * {@code --deflate-client-context on}, {@code client_no_context_takeover}: then a connection holds no inflater between
 * messages (docs/limits.md, "permessage-deflate"). With it on, a client that keeps its context (Tyrus's own client
 * ignores {@code client_no_context_takeover}) keeps one inflater per connection, charged to the inbound budget.
 *
 * @param on        whether an offer is accepted at all; off: no {@code Sec-WebSocket-Extensions} in any answer
 * @param threshold messages to clients smaller than this many bytes go uncompressed (the outbound side reads it)
 * @param policy    what the negotiation accepts and asks
 */
public record DeflateConfig(boolean on, int threshold, DeflatePolicy policy) {
    public static final DeflateConfig OFF = new DeflateConfig(false, 128, policy(15, false));

    public DeflateConfig {
        if (threshold < 0) {
            throw new IllegalArgumentException("deflate threshold must not be negative: " + threshold);
        }
        if (policy == null) {
            throw new IllegalArgumentException("policy must not be null");
        }
    }

    /**
     * Parley's policy with the client window bits Parley accepts, 9-15; {@code clientContext}: whether the client may
     * keep its compression context between messages (then {@code client_no_context_takeover} is not asked).
     */
    public static DeflatePolicy policy(int clientWindowBits, boolean clientContext) {
        return new DeflatePolicy(true, !clientContext, clientWindowBits);
    }

    /** From the settings; a switch other than on/off, or window bits outside 9-15, is refused. */
    static DeflateConfig from(Settings settings) {
        boolean on = onOff(settings, Setting.DEFLATE);
        boolean clientContext = onOff(settings, Setting.DEFLATE_CLIENT_CONTEXT);
        int bits = settings.integer(Setting.DEFLATE_CLIENT_WINDOW_BITS);
        if (bits < 9 || bits > 15) {
            throw new IllegalArgumentException(Setting.DEFLATE_CLIENT_WINDOW_BITS.option() + " is 9-15, not " + bits);
        }
        return new DeflateConfig(on, settings.integer(Setting.DEFLATE_THRESHOLD), policy(bits, clientContext));
    }

    private static boolean onOff(Settings settings, Setting setting) {
        String value = settings.text(setting);
        if (!"on".equals(value) && !"off".equals(value)) {
            throw new IllegalArgumentException(setting.option() + " is on or off, not " + value);
        }
        return "on".equals(value);
    }

    public DeflateConfig withOn(boolean newOn) {
        return new DeflateConfig(newOn, threshold, policy);
    }

    /** The same config letting clients keep their compression context ({@code --deflate-client-context on}). */
    public DeflateConfig withClientContext(boolean clientContext) {
        return new DeflateConfig(on, threshold, policy(policy.clientMaxWindowBits(), clientContext));
    }
}

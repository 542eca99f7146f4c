package dev.parley.server;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The embedded server's performance tunings, each of which can be switched off on its own so that one paired
 * benchmark run can show what each one is worth (docs/performance.md, "Tuning"). All are on by default; turning
 * them off gives the server as it was before the tuning work (stock Tyrus paths with Parley's checks and queues).
 *
 * <p>For benchmarks only: {@code java -Dparley.tuning=none -jar parley.jar serve}, or a comma list of the tunings
 * to keep on ({@code io,frames}), or {@code all} (the default). The names are those of the components, with
 * {@code deflate-once} for {@link #deflateOnce}.
 *
 * @param io     Grizzly's same-thread IO strategy: a read is handled on the selector thread that made it, instead of
 *               being handed to a worker thread (Tyrus's and Grizzly's default). Safe because nothing Parley runs on
 *               that thread blocks: every send goes through a non-blocking {@code OutboundQueue}.
 * @param frames outgoing messages are encoded once by the project's {@code FrameEncoder} and written as raw frames
 *               through Tyrus's {@code TyrusWebSocket.sendRawFrame}; a broadcast or a room message is encoded once
 *               for all its receivers instead of once per receiver
 * @param unmask {@code WireGuard}, whose decoder unmasks every payload anyway (8 bytes at a time) to check it, writes
 *               the unmasked payload back in place and hands Tyrus the frame without mask bit and key, so Tyrus
 *               copies the payload instead of unmasking it a byte at a time ({@code InboundCheck#unmask})
 * @param deflateOnce permessage-deflate's policy asks {@code server_no_context_takeover}, so a compressed message is
 *               compressed once and the same frame goes to every receiver ({@code OutboundMessage#deflatedFrame}).
 *               Off (a benchmark variant, never shipped): the policy lets the server keep its context, so every
 *               deflate session compresses each message itself with a deflater of its own
 *               ({@code ContextTakeoverSink}; beyond {@code OutboundDeflate.MAX_CONTEXT_DEFLATERS} sessions at once,
 *               the rest get the shared frame)
 */
public record Tuning(boolean io, boolean frames, boolean unmask, boolean deflateOnce) {
    /** The system property read by {@code parley serve}: a benchmark switch, not a setting. */
    public static final String PROPERTY = "parley.tuning";

    public static final Tuning ALL = new Tuning(true, true, true, true);
    public static final Tuning NONE = new Tuning(false, false, false, false);

    private static final Set<String> NAMES = Set.of("io", "frames", "unmask", "deflate-once");

    /** {@code all}, {@code none}, or a comma list of component names that are on (the others are off). */
    public static Tuning parse(String spec) {
        String trimmed = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        if (trimmed.isEmpty() || trimmed.equals("all")) {
            return ALL;
        }
        if (trimmed.equals("none")) {
            return NONE;
        }
        Set<String> on = new LinkedHashSet<>();
        for (String name : trimmed.split(",")) {
            String n = name.trim();
            if (!NAMES.contains(n)) {
                throw new IllegalArgumentException("unknown tuning '" + n + "' in " + PROPERTY
                        + " (all, none, or a list of io, frames, unmask, deflate-once)");
            }
            on.add(n);
        }
        return new Tuning(on.contains("io"), on.contains("frames"), on.contains("unmask"), on.contains("deflate-once"));
    }

    /** From {@link #PROPERTY}; {@link #ALL} when it is not set. */
    public static Tuning fromSystemProperty() {
        return parse(System.getProperty(PROPERTY));
    }
}

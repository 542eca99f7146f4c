package dev.parley.session;

/**
 * The caps every session of a Parley server lives under, so that no single client can exhaust the heap.
 *
 * @param maxMessageBytes    largest text (UTF-8 bytes) or binary message a client may send; larger closes with 1009
 * @param outboundMaxMessages most messages one session may have waiting to be written to it
 * @param outboundMaxBytes   most payload bytes one session may have waiting to be written to it; a session over
 *                           either bound is a slow consumer and is closed with 1008
 * @param maxSessionsPerAddress most WebSocket sessions one remote address may hold open; more are closed with 1013
 */
public record Limits(int maxMessageBytes, int outboundMaxMessages, long outboundMaxBytes,
                     int maxSessionsPerAddress) {

    /** 1 MiB messages; 1024 messages or 1 MiB queued per session; 64 sessions per address. */
    public static final Limits DEFAULTS = new Limits(1 << 20, 1024, 1L << 20, 64);

    /** Room Tyrus's frame buffer keeps above the message cap, so a slightly-too-big frame reaches our 1009 check. */
    private static final int FRAME_SLACK_BYTES = 64 * 1024;

    public Limits {
        if (maxMessageBytes <= 0 || outboundMaxMessages <= 0 || outboundMaxBytes <= 0 || maxSessionsPerAddress <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxMessageBytes + ", "
                    + outboundMaxMessages + ", " + outboundMaxBytes + ", " + maxSessionsPerAddress);
        }
        if (outboundMaxBytes < maxMessageBytes) {
            throw new IllegalArgumentException("the outbound queue (" + outboundMaxBytes
                    + " bytes) must hold at least one message of the maximum size (" + maxMessageBytes + ")");
        }
    }

    /**
     * The largest single frame Tyrus will buffer (its {@code incomingBufferSize}): the message cap, the longest
     * frame header (14 bytes) and some slack. A frame above it is refused by Tyrus itself.
     */
    public int frameBufferBytes() {
        return (int) Math.min(Integer.MAX_VALUE, (long) maxMessageBytes + 14 + FRAME_SLACK_BYTES);
    }

    public Limits withMaxMessageBytes(int bytes) {
        return new Limits(bytes, outboundMaxMessages, Math.max(outboundMaxBytes, bytes), maxSessionsPerAddress);
    }

    public Limits withOutbound(int messages, long bytes) {
        return new Limits(maxMessageBytes, messages, bytes, maxSessionsPerAddress);
    }

    public Limits withMaxSessionsPerAddress(int sessions) {
        return new Limits(maxMessageBytes, outboundMaxMessages, outboundMaxBytes, sessions);
    }
}

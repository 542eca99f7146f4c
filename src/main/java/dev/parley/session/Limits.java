package dev.parley.session;

/**
 * The caps every session of a Parley server lives under, so that no single client can exhaust the heap.
 *
 * @param maxMessageBytes    largest text (UTF-8 bytes) or binary message a client may send; larger closes with 1009
 * @param outboundMaxMessages most messages one session may have waiting to be written to it
 * @param outboundMaxBytes   most payload bytes one session may have waiting to be written to it; a session over
 *                           either bound is a slow consumer and is closed with 1008
 * @param maxSessionsPerAddress most WebSocket sessions one remote address may hold open; more are closed with 1013
 * @param connectionFrames the frame budget of one connection (embedded server); over it: 1008
 * @param addressFrames    the frame budget shared by all connections of one remote address (embedded server); over
 *                         it: 1008 for the connection whose frames find it empty
 */
public record Limits(int maxMessageBytes, int outboundMaxMessages, long outboundMaxBytes,
                     int maxSessionsPerAddress, FrameRate connectionFrames, FrameRate addressFrames) {

    /** 500 frames/s (burst 1000) per connection; 1000 frames/s (burst 2000) per remote address. */
    public static final FrameRate CONNECTION_FRAMES = new FrameRate(500, 1000);
    public static final FrameRate ADDRESS_FRAMES = new FrameRate(1000, 2000);

    /** 1 MiB messages; 1024 messages or 1 MiB queued per session; 64 sessions per address; the frame budgets above. */
    public static final Limits DEFAULTS = new Limits(1 << 20, 1024, 1L << 20, 64);

    /**
     * The most bytes of one read the embedded server hands Tyrus at once (its wire guard cuts longer reads into
     * pieces), and so the room Tyrus's frame buffer needs above the largest frame: what it keeps of a frame not yet
     * whole plus the next piece.
     */
    public static final int READ_PIECE_BYTES = 64 * 1024;

    /** The default frame budgets. */
    public Limits(int maxMessageBytes, int outboundMaxMessages, long outboundMaxBytes, int maxSessionsPerAddress) {
        this(maxMessageBytes, outboundMaxMessages, outboundMaxBytes, maxSessionsPerAddress, CONNECTION_FRAMES,
                ADDRESS_FRAMES);
    }

    public Limits {
        if (connectionFrames == null || addressFrames == null) {
            throw new IllegalArgumentException("frame budgets must not be null");
        }
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
     * Tyrus's frame buffer (its {@code incomingBufferSize}): Tyrus keeps the bytes of a frame not yet whole and
     * appends the next read to them, refusing (1011) when the sum passes this size. The largest frame (the message
     * cap and the longest header, 14 bytes) less one byte plus one read piece ({@link #READ_PIECE_BYTES}) always
     * fits, however the frames arrive.
     */
    public int frameBufferBytes() {
        return (int) Math.min(Integer.MAX_VALUE, (long) maxMessageBytes + 14 + READ_PIECE_BYTES);
    }

    public Limits withMaxMessageBytes(int bytes) {
        return new Limits(bytes, outboundMaxMessages, Math.max(outboundMaxBytes, bytes), maxSessionsPerAddress,
                connectionFrames, addressFrames);
    }

    public Limits withOutbound(int messages, long bytes) {
        return new Limits(maxMessageBytes, messages, bytes, maxSessionsPerAddress, connectionFrames, addressFrames);
    }

    public Limits withMaxSessionsPerAddress(int sessions) {
        return new Limits(maxMessageBytes, outboundMaxMessages, outboundMaxBytes, sessions, connectionFrames,
                addressFrames);
    }

    public Limits withFrameBudgets(FrameRate connection, FrameRate address) {
        return new Limits(maxMessageBytes, outboundMaxMessages, outboundMaxBytes, maxSessionsPerAddress, connection,
                address);
    }
}

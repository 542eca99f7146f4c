package dev.parley.session;

import static dev.parley.settings.Setting.*;

import dev.parley.settings.Settings;

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
 * @param inboundBudgetSetting  most bytes of unfinished messages all connections together may have handed to Tyrus
 *                         (embedded server); 0: derived from the heap ({@link #inboundBudgetBytes()}); over it: 1013
 * @param outboundBudgetSetting most bytes all outbound queues (and, embedded, all unwritten writes) may hold
 *                         together; 0: derived ({@link #outboundBudgetBytes()}); the session whose send passes it: 1013
 */
public record Limits(int maxMessageBytes, int outboundMaxMessages, long outboundMaxBytes,
                     int maxSessionsPerAddress, FrameRate connectionFrames, FrameRate addressFrames,
                     long inboundBudgetSetting, long outboundBudgetSetting) {

    /** The defaults {@link dev.parley.settings.Setting} declares (what {@code serve} runs on without options). */
    public static final Limits DEFAULTS = from(Settings.defaults());

    /**
     * The most bytes of one read the embedded server hands Tyrus at once (its wire guard cuts longer reads into
     * pieces), and so the room Tyrus's frame buffer needs above the largest frame: what it keeps of a frame not yet
     * whole plus the next piece.
     */
    public static final int READ_PIECE_BYTES = 64 * 1024;

    /** The least a derived memory budget holds, in maximum-size messages. */
    public static final int BUDGET_FLOOR_MESSAGES = 4;

    /** The caps {@code settings} hold. */
    public static Limits from(Settings settings) {
        return new Limits(settings.integer(MAX_MESSAGE_SIZE), settings.integer(OUTBOUND_MAX_MESSAGES),
                settings.whole(OUTBOUND_MAX_BYTES), settings.integer(MAX_CONNECTIONS_PER_ADDRESS),
                new FrameRate(settings.decimal(FRAME_RATE), settings.integer(FRAME_BURST)),
                new FrameRate(settings.decimal(ADDRESS_FRAME_RATE), settings.integer(ADDRESS_FRAME_BURST)),
                settings.whole(INBOUND_BUDGET_BYTES), settings.whole(OUTBOUND_BUDGET_BYTES));
    }

    public Limits {
        if (connectionFrames == null || addressFrames == null) {
            throw new IllegalArgumentException("frame budgets must not be null");
        }
        if (maxMessageBytes <= 0 || outboundMaxMessages <= 0 || outboundMaxBytes <= 0 || maxSessionsPerAddress <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxMessageBytes + ", "
                    + outboundMaxMessages + ", " + outboundMaxBytes + ", " + maxSessionsPerAddress);
        }
        if (inboundBudgetSetting < 0 || outboundBudgetSetting < 0) {
            throw new IllegalArgumentException("memory budgets must be 0 (derived from the heap) or positive: "
                    + inboundBudgetSetting + ", " + outboundBudgetSetting);
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

    /**
     * The inbound memory budget in bytes: the setting, or if it is 0, a sixteenth of the maximum heap and at least
     * {@link #BUDGET_FLOOR_MESSAGES} maximum-size messages.
     */
    public long inboundBudgetBytes() {
        return MemoryBudget.derived(inboundBudgetSetting, Runtime.getRuntime().maxMemory(), budgetFloor());
    }

    /** The outbound memory budget in bytes, derived as {@link #inboundBudgetBytes()} is. */
    public long outboundBudgetBytes() {
        return MemoryBudget.derived(outboundBudgetSetting, Runtime.getRuntime().maxMemory(), budgetFloor());
    }

    private long budgetFloor() {
        return (long) BUDGET_FLOOR_MESSAGES * maxMessageBytes;
    }

    public Limits withMaxMessageBytes(int bytes) {
        return new Limits(bytes, outboundMaxMessages, Math.max(outboundMaxBytes, bytes), maxSessionsPerAddress,
                connectionFrames, addressFrames, inboundBudgetSetting, outboundBudgetSetting);
    }

    public Limits withOutbound(int messages, long bytes) {
        return new Limits(maxMessageBytes, messages, bytes, maxSessionsPerAddress, connectionFrames, addressFrames,
                inboundBudgetSetting, outboundBudgetSetting);
    }

    public Limits withMaxSessionsPerAddress(int sessions) {
        return new Limits(maxMessageBytes, outboundMaxMessages, outboundMaxBytes, sessions, connectionFrames,
                addressFrames, inboundBudgetSetting, outboundBudgetSetting);
    }

    public Limits withFrameBudgets(FrameRate connection, FrameRate address) {
        return new Limits(maxMessageBytes, outboundMaxMessages, outboundMaxBytes, maxSessionsPerAddress, connection,
                address, inboundBudgetSetting, outboundBudgetSetting);
    }

    /** These limits with memory budgets of {@code inbound} and {@code outbound} bytes (0: derived from the heap). */
    public Limits withMemoryBudgets(long inbound, long outbound) {
        return new Limits(maxMessageBytes, outboundMaxMessages, outboundMaxBytes, maxSessionsPerAddress,
                connectionFrames, addressFrames, inbound, outbound);
    }
}

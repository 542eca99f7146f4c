package dev.parley.session;

import java.util.Optional;
import java.util.concurrent.Semaphore;

import dev.parley.wire.DeflateParameters;

/**
 * Outbound permessage-deflate (RFC 7692) of one server: which frame each session's sink writes, from the parameters
 * its handshake negotiated.
 * <ul>
 * <li>none negotiated: {@link OutboundMessage#frame()}, as without this class;</li>
 * <li>{@code server_no_context_takeover} (Parley's {@code DeflatePolicy.DEFAULT} always answers it, so nearly every
 * session): messages of at least {@link #threshold()} payload bytes as {@link OutboundMessage#deflatedFrame()},
 * compressed once and shared by every receiver; smaller ones uncompressed;</li>
 * <li>server context takeover (only under a policy that does not ask for {@code server_no_context_takeover}): a
 * {@link ContextTakeoverSink} with its own deflater, while fewer than {@link #maxContextDeflaters()} exist on this
 * server; beyond that the shared no-context frame, which a client keeping its window inflates just as well (a
 * message compressed without context refers to nothing before it).</li>
 * </ul>
 * Thread-safe; one per server.
 */
public final class OutboundDeflate {
    /** Payloads below this many bytes go uncompressed when no threshold is given. */
    public static final int DEFAULT_THRESHOLD = 128;
    /**
     * Sessions at once that may own a context-takeover deflater (~262 KiB native each, zlib's deflate state with a
     * 15-bit window and memLevel 8): at most 64 MiB.
     */
    public static final int MAX_CONTEXT_DEFLATERS = 256;

    private final int threshold;
    private final int maxContextDeflaters;
    private final Semaphore contextDeflaters;

    /**
     * @param threshold payloads below this many bytes are sent uncompressed
     * @param maxContextDeflaters how many sessions at once may own a deflater with context takeover
     */
    public OutboundDeflate(int threshold, int maxContextDeflaters) {
        if (threshold < 0 || maxContextDeflaters < 0) {
            throw new IllegalArgumentException("threshold " + threshold + ", maxContextDeflaters "
                    + maxContextDeflaters);
        }
        this.threshold = threshold;
        this.maxContextDeflaters = maxContextDeflaters;
        this.contextDeflaters = new Semaphore(maxContextDeflaters);
    }

    public int threshold() {
        return threshold;
    }

    public int maxContextDeflaters() {
        return maxContextDeflaters;
    }

    /** Context-takeover deflaters alive now. */
    public int contextDeflaters() {
        return maxContextDeflaters - contextDeflaters.availablePermits();
    }

    /** The sink of a session that writes through {@code writer} and negotiated {@code parameters} (empty: none). */
    public FrameSink sink(FrameWriter writer, Optional<DeflateParameters> parameters) {
        if (parameters.isEmpty()) {
            return (message, handler) -> writer.write(message.frame(), handler);
        }
        if (parameters.get().serverNoContextTakeover()) {
            return (message, handler) -> writer.write(sharedFrame(message), handler);
        }
        return new ContextTakeoverSink(writer, this);
    }

    /** The frame every session without server context takeover gets for {@code message}. */
    byte[] sharedFrame(OutboundMessage message) {
        return message.size() < threshold ? message.frame() : message.deflatedFrame();
    }

    /** Takes a place for one context-takeover deflater; false if all are taken. */
    boolean acquireContextDeflater() {
        return contextDeflaters.tryAcquire();
    }

    void releaseContextDeflater() {
        contextDeflaters.release();
    }
}

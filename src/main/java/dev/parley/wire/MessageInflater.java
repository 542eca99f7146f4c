package dev.parley.wire;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates the payload of permessage-deflate messages (RFC 7692 §7.2.2), one message at a time, with a hard cap on
 * what one message may inflate to.
 *
 * <p>Give it the compressed bytes of a message in any chunking ({@link #inflate}: frame payloads, or parts of them)
 * and then {@link #endMessage}, which appends the stripped tail. The inflated bytes go to a {@link Sink} in chunks of at
 * most {@code chunkSize} from one reused array; never more than the cap plus one byte is inflated, so a frame of a
 * few KiB that would inflate to gigabytes costs one chunk of memory and stops with 1009.
 *
 * <p>Memory: the JDK inflater's state and its 32 KiB window (zlib's fixed cost, whatever window the peer negotiated)
 * plus the chunk array. Not thread-safe; one per connection. {@link #close()} frees the native memory.
 */
public final class MessageInflater implements AutoCloseable {
    /** Takes inflated bytes; the array is reused after the call returns. */
    @FunctionalInterface
    public interface Sink {
        void accept(byte[] chunk, int offset, int length);
    }

    /** §7.2.2: "Append 4 octets of 0x00 0x00 0xff 0xff to the tail end of the payload of the message." */
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    private final Inflater inflater = new Inflater(true);
    private final long maxMessageBytes;
    private final boolean resetAfterMessage;
    private final byte[] chunk;
    private long messageBytes;
    /** The peer's deflate stream ended (a block with BFINAL set): the rest of the message is ignored. */
    private boolean streamEnded;
    /** The current message has had compressed bytes (an empty payload gets no tail, {@link #endMessage}). */
    private boolean messageInput;
    private boolean failed;

    /**
     * @param maxMessageBytes the most a message may inflate to; one byte more fails with 1009
     * @param resetAfterMessage the peer compresses without context takeover, so each message starts a new stream
     * @param chunkSize the most bytes handed to the sink at once
     */
    public MessageInflater(long maxMessageBytes, boolean resetAfterMessage, int chunkSize) {
        if (maxMessageBytes < 0 || chunkSize < 1) {
            throw new IllegalArgumentException("maxMessageBytes " + maxMessageBytes + ", chunkSize " + chunkSize);
        }
        this.maxMessageBytes = maxMessageBytes;
        this.resetAfterMessage = resetAfterMessage;
        this.chunk = new byte[chunkSize];
    }

    /** The inflater of the end {@code receiver}, as the negotiated parameters say, with 8 KiB chunks. */
    public static MessageInflater of(DeflateParameters parameters, Role receiver, long maxMessageBytes) {
        return new MessageInflater(maxMessageBytes, parameters.inflaterResets(receiver), 8192);
    }

    /** Inflates the remaining bytes of {@code compressed} (all consumed) as the next part of the current message. */
    public void inflate(ByteBuffer compressed, Sink sink) {
        checkUsable();
        messageInput |= compressed.hasRemaining();
        if (!streamEnded) {
            inflater.setInput(compressed);
            drain(sink);
        }
        compressed.position(compressed.limit());
    }

    /** Inflates {@code length} bytes of {@code compressed} from {@code offset} as the next part of the message. */
    public void inflate(byte[] compressed, int offset, int length, Sink sink) {
        inflate(ByteBuffer.wrap(compressed, offset, length), sink);
    }

    /**
     * Ends the message: inflates the appended tail, then resets the stream if the peer compresses without context
     * takeover (or ended its stream). The next {@link #inflate} starts the next message.
     *
     * <p>A message with no compressed bytes at all is an empty message and gets no tail: §7.2.3.6 asks a sender for a
     * single {@code 00} there, but Tyrus's client sends an empty payload when its deflater has nothing left to flush
     * (an empty message after another one), and {@code 00 00 ff ff} alone is the start of a stored block of 65,280
     * bytes, which would swallow the next message of a peer that keeps its context.
     */
    public void endMessage(Sink sink) {
        checkUsable();
        boolean hadInput = messageInput;
        messageInput = false;
        if (!streamEnded && hadInput) {
            inflater.setInput(TAIL);
            drain(sink);
        }
        if (resetAfterMessage || streamEnded) {
            inflater.reset();
            streamEnded = false;
        }
        messageBytes = 0;
    }

    /** The inflated bytes of the current message so far. */
    public long messageBytes() {
        return messageBytes;
    }

    private void drain(Sink sink) {
        try {
            while (true) {
                long left = maxMessageBytes - messageBytes; // inflate at most one byte past the cap
                int room = left >= chunk.length ? chunk.length : (int) left + 1;
                int n = inflater.inflate(chunk, 0, room);
                if (n > 0) {
                    messageBytes += n;
                    if (messageBytes > maxMessageBytes) {
                        // RFC 6455 §7.4.1: 1009 "indicates that an endpoint is terminating the connection because it
                        // has received a message that is too big for it to process."
                        throw fail(CloseCode.MESSAGE_TOO_BIG, "inflated message over " + maxMessageBytes + " bytes");
                    }
                    sink.accept(chunk, 0, n);
                } else if (inflater.finished()) {
                    streamEnded = true; // §7.2.3.4: a block with BFINAL set; what follows it is not inflated
                    return;
                } else if (inflater.needsDictionary()) {
                    throw fail(CloseCode.INVALID_PAYLOAD_DATA, "deflate data asks for a preset dictionary");
                } else if (inflater.needsInput()) {
                    return;
                } else {
                    throw fail(CloseCode.INVALID_PAYLOAD_DATA, "deflate data made no progress");
                }
            }
        } catch (DataFormatException e) {
            throw fail(CloseCode.INVALID_PAYLOAD_DATA, "invalid deflate data");
        }
    }

    private ProtocolViolation fail(CloseCode code, String reason) {
        failed = true;
        return new ProtocolViolation(code, reason);
    }

    private void checkUsable() {
        if (failed) {
            throw new IllegalStateException("the inflater failed the connection; it takes no more input");
        }
    }

    /** Frees the native inflater. */
    @Override
    public void close() {
        inflater.end();
    }
}

package dev.parley.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Compresses whole messages for permessage-deflate (RFC 7692 §7.2.1): each message ends with a sync flush, whose
 * 4-byte tail is removed; the result is the payload of a frame with RSV1 set. Without context takeover the deflater
 * is reset after each message, so the same input always gives the same bytes (which is what lets one compressed
 * broadcast go to every member).
 *
 * <p>Not thread-safe; one per connection, or one per broadcast source. {@link #close()} frees the native memory.
 */
public final class MessageDeflater implements AutoCloseable {
    private final Deflater deflater;
    private final boolean resetAfterMessage;

    /**
     * @param level the zlib level, 0–9 or {@link Deflater#DEFAULT_COMPRESSION}
     * @param resetAfterMessage no context takeover: every message is a fresh stream
     */
    public MessageDeflater(int level, boolean resetAfterMessage) {
        this.deflater = new Deflater(level, true);
        this.resetAfterMessage = resetAfterMessage;
    }

    /** The deflater of the end {@code sender}, as the negotiated parameters say, at the default level. */
    public static MessageDeflater of(DeflateParameters parameters, Role sender) {
        return new MessageDeflater(Deflater.DEFAULT_COMPRESSION, parameters.deflaterResets(sender));
    }

    /** The compressed payload of a message whose bytes are {@code message}. */
    public Bytes deflate(Bytes message) {
        return Bytes.adopt(deflate(ByteBuffer.wrap(message.array())));
    }

    /** The compressed payload of a message whose bytes are the remaining bytes of {@code message} (all consumed). */
    public byte[] deflate(ByteBuffer message) {
        deflater.setInput(message);
        byte[] out = new byte[Math.max(64, message.remaining() / 2 + 16)];
        int length = 0;
        while (true) {
            // Deflater#deflate: with SYNC_FLUSH, a return value equal to the room left means call again.
            int room = out.length - length;
            length += deflater.deflate(out, length, room, Deflater.SYNC_FLUSH);
            if (length < out.length) {
                break;
            }
            out = Arrays.copyOf(out, out.length * 2);
        }
        if (resetAfterMessage) {
            deflater.reset();
        }
        // §7.2.1: "If the resulting data does not end with an empty DEFLATE block with no compression (the "BTYPE"
        // bits are set to 00), append an empty DEFLATE block with no compression to the tail end." A sync flush ends
        // with one, except when nothing was pending (an empty message after another one with context takeover): then
        // the appended block is 0x00 0x00 0x00 0xff 0xff. "Remove 4 octets (that are 0x00 0x00 0xff 0xff) from the
        // tail end."
        if (length == 0) {
            return new byte[] {0};
        }
        if (length < 4 || out[length - 4] != 0 || out[length - 3] != 0 || out[length - 2] != (byte) 0xff
                || out[length - 1] != (byte) 0xff) {
            throw new IllegalStateException("sync flush did not end with 00 00 ff ff");
        }
        return Arrays.copyOf(out, length - 4);
    }

    /** Frees the native deflater. */
    @Override
    public void close() {
        deflater.end();
    }
}

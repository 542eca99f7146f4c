package dev.parley.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.parley.wire.FrameEncoder;
import dev.parley.wire.Opcode;
import dev.parley.wire.Rfc6455;

/**
 * A message on its way to one session or many: its text or bytes, its size for the queue bounds, and, once some
 * queue's {@link FrameSink} has asked for it (the embedded server's), the server frame that carries it, encoded
 * once by the project's {@link FrameEncoder} and shared by every receiver; likewise, once a sink of a session with
 * permessage-deflate without server context takeover has asked for it, its compressed frame ({@link #deflatedFrame}).
 * Immutable as far as callers can tell; safe to hand to many queues on many threads.
 */
public final class OutboundMessage {
    private static final FrameEncoder SERVER = FrameEncoder.server();

    private final String text;
    private final ByteBuffer binary;
    private final int size;
    private volatile byte[] frame;
    private volatile byte[] deflatedFrame;

    private OutboundMessage(String text, ByteBuffer binary, int size) {
        this.text = text;
        this.binary = binary;
        this.size = size;
    }

    /** A text message. */
    public static OutboundMessage text(String text) {
        return new OutboundMessage(text, null, OutboundQueue.utf8Length(text));
    }

    /** A binary message: the remaining bytes of {@code data} (not copied: do not change them afterwards). */
    public static OutboundMessage binary(ByteBuffer data) {
        return new OutboundMessage(null, data, data.remaining());
    }

    /** Payload bytes (UTF-8 bytes for text). */
    int size() {
        return size;
    }

    /**
     * What the message's payload takes on the heap while it waits, for the outbound memory budget: a binary message's
     * bytes; a text's characters at two bytes each (a Java string keeps one byte a character only when all of them
     * are Latin-1). Its encoded frames (plain, compressed) are counted as writes, at the size of the one written,
     * where the server has such a count (the embedded server's guard); they are made once per message, not per
     * receiver, while this charge is made in every receiver's queue.
     */
    long heapBytes() {
        return text != null ? 2L * text.length() : size;
    }

    /** The text, or null for a binary message. */
    public String text() {
        return text;
    }

    /** TEXT or BINARY. */
    Opcode opcode() {
        return text != null ? Opcode.TEXT : Opcode.BINARY;
    }

    /** The payload's bytes (text encoded to UTF-8 on each call), a fresh buffer. */
    ByteBuffer payload() {
        return text != null ? ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)) : binary.duplicate();
    }

    /** The bytes of a binary message (a fresh view each call), or null for text. */
    ByteBuffer binary() {
        return binary == null ? null : binary.duplicate();
    }

    /**
     * The whole server frame (unmasked, FIN, minimal length), encoded on the first call; later calls, from any
     * thread, return the same array. Callers must not change it.
     */
    public byte[] frame() {
        byte[] encoded = frame;
        if (encoded == null) {
            encoded = encode();
            frame = encoded; // a race encodes twice, never wrongly: both arrays hold the same bytes
        }
        return encoded;
    }

    /**
     * The frame for a receiver whose server side compresses without context takeover (permessage-deflate with
     * {@code server_no_context_takeover}): the message compressed on its own by a pooled deflater, in one frame with
     * RSV1 set; or, when compressing does not make the payload smaller, {@link #frame()} itself. Compressed on the
     * first call only (callers racing wait for it), so one broadcast costs one compression for all its receivers;
     * later calls, from any thread, return the same array. Callers must not change it.
     */
    public byte[] deflatedFrame() {
        byte[] deflated = deflatedFrame;
        if (deflated == null) {
            synchronized (this) { // unlike frame(), not raced: compressing costs far more than waiting for it
                deflated = deflatedFrame;
                if (deflated == null) {
                    byte[] compressed = SharedDeflaters.deflate(payload());
                    deflated = compressed.length < size ? compressedFrame(opcode(), compressed) : frame();
                    deflatedFrame = deflated;
                }
            }
        }
        return deflated;
    }

    private byte[] encode() {
        ByteBuffer payload = payload();
        byte[] out = new byte[SERVER.encodedLength(payload.remaining())];
        SERVER.encode(opcode(), true, payload, ByteBuffer.wrap(out));
        return out;
    }

    /**
     * A server frame (FIN, unmasked) with RSV1 set whose payload is {@code compressed}: RFC 7692 §6 names RSV1 the
     * "Per-Message Compressed" bit, set on the first frame of a compressed message (here its only frame) and clear on
     * a message sent uncompressed, which permessage-deflate allows for any message.
     */
    static byte[] compressedFrame(Opcode opcode, byte[] compressed) {
        byte[] out = new byte[SERVER.encodedLength(compressed.length)];
        ByteBuffer target = ByteBuffer.wrap(out);
        SERVER.encodeHeader(opcode, true, compressed.length, target);
        out[0] |= (byte) Rfc6455.RSV1;
        target.put(compressed);
        return out;
    }
}

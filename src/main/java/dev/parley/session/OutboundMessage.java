package dev.parley.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.parley.wire.FrameEncoder;
import dev.parley.wire.Opcode;

/**
 * A message on its way to one session or many: its text or bytes, its size for the queue bounds, and, once some
 * queue's {@link FrameSink} has asked for it (the embedded server's), the server frame that carries it, encoded
 * once by the project's {@link FrameEncoder} and shared by every receiver. Immutable as far as callers can tell;
 * safe to hand to many queues on many threads.
 */
public final class OutboundMessage {
    private static final FrameEncoder SERVER = FrameEncoder.server();

    private final String text;
    private final ByteBuffer binary;
    private final int size;
    private volatile byte[] frame;

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
     * are Latin-1). Its encoded frame is counted as a write, where the server has one (the embedded server's guard).
     */
    long heapBytes() {
        return text != null ? 2L * text.length() : size;
    }

    /** The text, or null for a binary message. */
    public String text() {
        return text;
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

    private byte[] encode() {
        ByteBuffer payload = text != null ? ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)) : binary.duplicate();
        byte[] out = new byte[SERVER.encodedLength(payload.remaining())];
        SERVER.encode(text != null ? Opcode.TEXT : Opcode.BINARY, true, payload, ByteBuffer.wrap(out));
        return out;
    }
}

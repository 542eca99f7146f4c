package dev.parley.session;

import java.util.zip.Deflater;

import jakarta.websocket.SendHandler;

import dev.parley.wire.MessageDeflater;

/**
 * The sink of a session whose permessage-deflate parameters let the server keep its compression context between
 * messages (no {@code server_no_context_takeover}): one {@link MessageDeflater} of its own, made at the first message
 * worth compressing if {@link OutboundDeflate} has a place for it, fed the session's messages in the order its
 * {@link OutboundQueue} sends them (one at a time: the queue starts a send only after the previous one has been
 * handed over), freed when the session closes ({@link #closed()}).
 *
 * <p>Every message from the threshold up is sent compressed, even one that does not shrink: the deflater has taken
 * it into its window, and the client's inflater must see it too for the next message's back references to hold.
 * Messages below the threshold go uncompressed and never reach the deflater. Without a place for a deflater, the
 * session gets the shared no-context frames ({@link OutboundMessage#deflatedFrame}), valid for a client that keeps
 * its window.
 */
final class ContextTakeoverSink implements FrameSink {
    private final FrameWriter writer;
    private final OutboundDeflate deflate;
    /** Guarded by this. Null until the first message worth compressing, and after {@link #closed()}. */
    private MessageDeflater deflater;
    private boolean shared;
    private boolean closed;

    ContextTakeoverSink(FrameWriter writer, OutboundDeflate deflate) {
        this.writer = writer;
        this.deflate = deflate;
    }

    @Override
    public void send(OutboundMessage message, SendHandler handler) {
        writer.write(frameOf(message), handler);
    }

    /** Synchronized only against {@link #closed()}: the queue never calls send twice at once. */
    private synchronized byte[] frameOf(OutboundMessage message) {
        if (closed) {
            throw new IllegalStateException("session closed");
        }
        if (message.size() < deflate.threshold()) {
            return message.frame();
        }
        if (deflater == null && !shared) {
            if (deflate.acquireContextDeflater()) {
                deflater = new MessageDeflater(Deflater.DEFAULT_COMPRESSION, false);
            } else {
                shared = true;
            }
        }
        if (shared) {
            return message.deflatedFrame();
        }
        return OutboundMessage.compressedFrame(message.opcode(), deflater.deflate(message.payload()));
    }

    /** Frees the deflater's native memory and its place; later sends fail. */
    @Override
    public synchronized void closed() {
        closed = true;
        if (deflater != null) {
            deflater.close();
            deflater = null;
            deflate.releaseContextDeflater();
        }
    }

    /** Whether this session has a deflater of its own now (for tests). */
    synchronized boolean ownsDeflater() {
        return deflater != null;
    }
}

package dev.parley.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Puts fragmented messages together (RFC 6455 §5.4) and passes control frames through the moment they arrive, even
 * between the fragments of a message. All checks are {@link MessageRules}': fragment order, message size, and
 * fail-fast UTF-8.
 *
 * <p>Feed it whole frames with {@link #accept(Frame)}, or plug it into {@link FrameDecoder#stream} as the
 * {@link FrameListener}, in which case an invalid UTF-8 byte fails the connection before the rest of its frame has
 * arrived. After a close frame, any further frame is a violation. Not thread-safe.
 */
public final class MessageAssembler implements FrameListener {
    private final MessageRules rules;
    private final MessageHandler handler;
    private final int maxMessageSize;
    private byte[] buffer = new byte[0];
    private int size;
    private boolean closed;

    /**
     * @param maxMessageSize the largest message, all fragments together (at most {@code Integer.MAX_VALUE - 8})
     * @param handler gets the messages and control frames
     */
    public MessageAssembler(int maxMessageSize, MessageHandler handler) {
        if (maxMessageSize < 0 || maxMessageSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxMessageSize out of range: " + maxMessageSize);
        }
        this.rules = new MessageRules(maxMessageSize);
        this.maxMessageSize = maxMessageSize;
        this.handler = handler;
    }

    /**
     * Takes the next whole frame, as {@link FrameDecoder#decode} returns it.
     *
     * @throws ProtocolViolation for a frame out of order, a message too big, or text that is not UTF-8
     */
    public void accept(Frame frame) {
        if (frame.isControl()) {
            onControlFrame(frame);
            return;
        }
        FrameHeader header = frame.header();
        checkOpen();
        rules.onFrameStart(header);
        byte[] payload = frame.payload().array();
        rules.onPayload(payload, 0, payload.length);
        if (frame.fin() && frame.opcode() != Opcode.CONTINUATION) {
            rules.onFrameEnd();
            deliver(frame.opcode(), payload, payload.length); // a message in one frame: no copy
            return;
        }
        append(ByteBuffer.wrap(payload), header.payloadLength());
        onDataEnd(header);
    }

    @Override
    public void onControlFrame(Frame frame) {
        checkOpen();
        switch (frame.opcode()) {
            case PING -> handler.onPing(frame.payload());
            case PONG -> handler.onPong(frame.payload());
            case CLOSE -> {
                CloseStatus status = frame.closeStatus();
                closed = true;
                handler.onClose(status);
            }
            default -> throw new IllegalArgumentException("not a control frame: " + frame);
        }
    }

    @Override
    public void onDataStart(FrameHeader header) {
        checkOpen();
        rules.onFrameStart(header);
        // No reserve(header.payloadLength()) here: a peer that announces a big frame and then stalls must not make
        // us allocate for bytes it never sends. The buffer grows with what arrives.
    }

    @Override
    public void onDataPayload(ByteBuffer chunk) {
        rules.onPayload(chunk);
        append(chunk, chunk.remaining());
    }

    @Override
    public void onDataEnd(FrameHeader header) {
        Opcode type = rules.messageType();
        if (rules.onFrameEnd()) {
            byte[] message = buffer;
            int length = size;
            buffer = new byte[0]; // the handler may keep the text or bytes; the next message gets a fresh array
            size = 0;
            deliver(type, message, length);
        }
    }

    private void deliver(Opcode type, byte[] bytes, int length) {
        if (type == Opcode.TEXT) {
            handler.onText(new String(bytes, 0, length, StandardCharsets.UTF_8));
        } else {
            handler.onBinary(length == bytes.length ? Bytes.adopt(bytes) : Bytes.copyOf(bytes, 0, length));
        }
    }

    private void append(ByteBuffer chunk, long length) {
        reserve(length);
        chunk.duplicate().get(buffer, size, (int) length);
        size += (int) length;
    }

    /** Makes room for {@code more} bytes; the rules have already held the message to the limit. */
    private void reserve(long more) {
        long needed = size + more;
        if (needed > buffer.length) {
            long grown = Math.max(needed, Math.min((long) buffer.length * 2, maxMessageSize));
            buffer = Arrays.copyOf(buffer, (int) grown);
        }
    }

    private void checkOpen() {
        if (closed) {
            // RFC 6455 §5.5.1: "After sending a Close frame, the endpoint MUST NOT send any further data frames."
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "frame after close");
        }
    }
}

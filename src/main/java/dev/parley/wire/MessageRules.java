package dev.parley.wire;

import java.nio.ByteBuffer;

/**
 * The rules a message must follow across its frames (RFC 6455 §5.4, §5.6, §8.1): fragments in order, a size limit, and
 * UTF-8 for text, checked as payload arrives so that a violation fails at the first byte that shows it, even in the
 * middle of a frame. It only checks; {@link MessageAssembler} also collects the payload.
 *
 * <p>Only data frames go through here: control frames may come between fragments and do not touch the message.
 * Not thread-safe.
 */
public final class MessageRules {
    private final long maxMessageSize;
    private final Utf8Validator utf8 = new Utf8Validator();
    private Opcode messageType; // TEXT or BINARY while a message is open, else null
    private boolean frameFin;
    private long messageSize;

    /** @param maxMessageSize the largest message accepted, all fragments together; larger ones fail with 1009 */
    public MessageRules(long maxMessageSize) {
        if (maxMessageSize < 0) {
            throw new IllegalArgumentException("negative maxMessageSize");
        }
        this.maxMessageSize = maxMessageSize;
    }

    /** Whether a message has started and not yet ended. */
    public boolean isInsideMessage() {
        return messageType != null;
    }

    /** The type of the open message (TEXT or BINARY), or null between messages. */
    public Opcode messageType() {
        return messageType;
    }

    /**
     * Checks the header of a data frame: its place in the sequence and the message size it leads to.
     *
     * @throws IllegalArgumentException for a control frame
     */
    public void onFrameStart(FrameHeader header) {
        Opcode opcode = header.opcode();
        if (opcode.isControl()) {
            throw new IllegalArgumentException("control frames are not part of a message: " + opcode);
        }
        if (opcode == Opcode.CONTINUATION) {
            if (messageType == null) {
                // RFC 6455 §5.4: "A fragmented message consists of a single frame with the FIN bit clear and an opcode
                // other than 0, followed by zero or more frames with the FIN bit clear and the opcode set to 0, and
                // terminated by a single frame with the FIN bit set and an opcode of 0."
                throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "continuation frame without a message");
            }
        } else {
            if (messageType != null) {
                // RFC 6455 §5.4: "The fragments of one message MUST NOT be interleaved between the fragments of
                // another message unless an extension has been negotiated that can interpret the interleaving."
                throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, opcode + " frame inside a fragmented message");
            }
            messageType = opcode;
            messageSize = 0;
        }
        messageSize += header.payloadLength();
        if (messageSize > maxMessageSize) {
            // RFC 6455 §7.4.1: 1009 "indicates that an endpoint is terminating the connection because it has received
            // a message that is too big for it to process."
            throw new ProtocolViolation(CloseCode.MESSAGE_TOO_BIG,
                    "message of " + messageSize + "+ bytes over the limit of " + maxMessageSize);
        }
        frameFin = header.fin();
    }

    /** Checks the next piece of the current frame's (unmasked) payload; the buffer's position is not moved. */
    public void onPayload(ByteBuffer chunk) {
        if (messageType == Opcode.TEXT) {
            utf8.update(chunk);
        }
    }

    /** Checks the next piece of the current frame's (unmasked) payload. */
    public void onPayload(byte[] bytes, int offset, int length) {
        if (messageType == Opcode.TEXT) {
            utf8.update(bytes, offset, length);
        }
    }

    /**
     * Ends the current data frame.
     *
     * @return whether it ended the message
     * @throws ProtocolViolation 1007 if a text message ends inside a UTF-8 character
     */
    public boolean onFrameEnd() {
        if (!frameFin) {
            return false;
        }
        Opcode type = messageType;
        messageType = null;
        if (type == Opcode.TEXT) {
            utf8.finish();
        }
        return true;
    }
}

package dev.parley.wire;

/**
 * The header of a frame whose payload may still be arriving: what {@link FrameDecoder} knows after the header bytes,
 * handed to a {@link FrameListener} before the payload.
 *
 * @param payloadLength the length announced by the header, already checked against the decoder's limit
 */
public record FrameHeader(boolean fin, boolean rsv1, boolean rsv2, boolean rsv3, Opcode opcode, long payloadLength) {

    public boolean isControl() {
        return opcode.isControl();
    }
}

package dev.parley.wire;

import java.nio.ByteBuffer;

/**
 * Receives what {@link FrameDecoder#scan(ByteBuffer, ScanListener)} finds: every frame as it was on the wire, its
 * payload in chunks as it arrives (control frames too), and each rule the frame breaks, as an event rather than an
 * exception, so that an inspector or a load generator can go on to the next frame.
 *
 * <p>Per frame: one {@link #onHeader}, then at most one {@link #onViolation} for the header (the first rule a strict
 * decoder would have failed on), zero or more {@link #onPayload}, at most one {@link #onViolation} for a close
 * body that is not valid, and one {@link #onFrameEnd}.
 */
public interface ScanListener {
    /** A complete header, checked or not. */
    void onHeader(WireHeader header);

    /** A rule of RFC 6455 the current frame breaks: the close code a strict decoder would answer with, and why. */
    void onViolation(ProtocolViolation violation);

    /**
     * The next unmasked piece of the current frame's payload. The buffer is read-only and only valid during the call:
     * the decoder reuses it.
     */
    void onPayload(ByteBuffer chunk);

    /** The current frame's payload is complete. */
    void onFrameEnd(WireHeader header);
}

package dev.parley.wire;

import java.nio.ByteBuffer;

/**
 * Receives frames from {@link FrameDecoder#stream(ByteBuffer, FrameListener)} as their bytes arrive: data payloads
 * in chunks, before the frame is complete, so that UTF-8 and size checks can fail fast and a proxy can forward as it
 * goes. Control frames (at most 125 bytes) always come whole.
 *
 * <p>Per data frame: one {@link #onDataStart}, zero or more {@link #onDataPayload}, one {@link #onDataEnd}. Control
 * frames only ever arrive between data frames, never inside one.
 */
public interface FrameListener {
    /** A complete, checked control frame (close bodies are already validated). */
    void onControlFrame(Frame frame);

    /** The header of a data frame, checked by {@link FrameRules}. */
    void onDataStart(FrameHeader header);

    /**
     * The next unmasked piece of the current data frame's payload. The buffer is read-only and only valid during the
     * call: the decoder reuses it.
     */
    void onDataPayload(ByteBuffer chunk);

    /** The current data frame is complete. */
    void onDataEnd(FrameHeader header);
}

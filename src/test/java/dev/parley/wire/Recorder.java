package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes down, as short strings, what a {@link MessageHandler} or a {@link FrameListener} is told, so that tests can
 * assert the exact sequence and that nothing else happened ({@link #assertExhausted()}).
 */
final class Recorder implements MessageHandler, FrameListener {
    private final Deque<String> events = new ArrayDeque<>();
    private byte[] frameBytes = new byte[0];
    private int frameSize;

    @Override
    public void onText(String text) {
        events.add("text " + text);
    }

    @Override
    public void onBinary(Bytes data) {
        events.add("binary " + data);
    }

    @Override
    public void onPing(Bytes payload) {
        events.add("ping " + payload);
    }

    @Override
    public void onPong(Bytes payload) {
        events.add("pong " + payload);
    }

    @Override
    public void onClose(CloseStatus status) {
        events.add("close " + status.code() + " " + status.reason());
    }

    @Override
    public void onControlFrame(Frame frame) {
        events.add("control " + frame);
    }

    @Override
    public void onDataStart(FrameHeader header) {
        events.add("start " + header.opcode() + (header.fin() ? " fin " : " ") + header.payloadLength());
    }

    @Override
    public void onDataPayload(ByteBuffer chunk) {
        assertTrue(chunk.isReadOnly(), "payload chunks are read-only");
        if (frameSize + chunk.remaining() > frameBytes.length) {
            frameBytes = java.util.Arrays.copyOf(frameBytes, Math.max(2 * frameBytes.length, frameSize + chunk.remaining()));
        }
        int n = chunk.remaining();
        chunk.duplicate().get(frameBytes, frameSize, n);
        frameSize += n;
    }

    @Override
    public void onDataEnd(FrameHeader header) {
        events.add("end " + header.opcode() + " " + Bytes.copyOf(frameBytes, 0, frameSize));
        frameSize = 0;
    }

    /** Payload bytes of the current data frame received so far. */
    int payloadSoFar() {
        return frameSize;
    }

    void assertNext(String expected) {
        assertEquals(expected, events.poll(), "next event");
    }

    void assertExhausted() {
        assertTrue(events.isEmpty(), () -> "unexpected events: " + events);
    }
}

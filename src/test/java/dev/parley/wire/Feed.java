package dev.parley.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Feeds bytes to a {@link FrameDecoder} in different chunkings and collects the frames. */
final class Feed {
    private Feed() {
    }

    /** All bytes in one buffer. */
    static List<Frame> whole(FrameDecoder decoder, byte[] bytes) {
        List<Frame> frames = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        for (Frame frame; (frame = decoder.decode(in)) != null; ) {
            frames.add(frame);
        }
        if (in.hasRemaining()) {
            throw new AssertionError("decode left " + in.remaining() + " bytes unread");
        }
        return frames;
    }

    /** One byte per call, each in a fresh one-byte buffer. */
    static List<Frame> byteByByte(FrameDecoder decoder, byte[] bytes) {
        List<Frame> frames = new ArrayList<>();
        for (byte b : bytes) {
            Frame frame = decoder.decode(ByteBuffer.wrap(new byte[] {b}));
            if (frame != null) {
                frames.add(frame);
            }
        }
        frames.addAll(whole(decoder, new byte[0])); // a zero-length frame completes without more input
        return frames;
    }

    /** The bytes split into two buffers at {@code split}. */
    static List<Frame> split(FrameDecoder decoder, byte[] bytes, int split) {
        List<Frame> frames = new ArrayList<>(whole(decoder, java.util.Arrays.copyOfRange(bytes, 0, split)));
        frames.addAll(whole(decoder, java.util.Arrays.copyOfRange(bytes, split, bytes.length)));
        return frames;
    }

    /**
     * The bytes through {@link FrameDecoder#stream} in buffers of {@code chunkSize}, data frames put back together
     * from their header and payload chunks.
     */
    static List<Frame> streamed(FrameDecoder decoder, byte[] bytes, int chunkSize) {
        List<Frame> frames = new ArrayList<>();
        FrameListener listener = new FrameListener() {
            private java.io.ByteArrayOutputStream payload;

            @Override
            public void onControlFrame(Frame frame) {
                frames.add(frame);
            }

            @Override
            public void onDataStart(FrameHeader header) {
                payload = new java.io.ByteArrayOutputStream();
            }

            @Override
            public void onDataPayload(ByteBuffer chunk) {
                byte[] piece = new byte[chunk.remaining()];
                chunk.get(piece);
                payload.write(piece, 0, piece.length);
            }

            @Override
            public void onDataEnd(FrameHeader h) {
                frames.add(new Frame(h.fin(), h.rsv1(), h.rsv2(), h.rsv3(), h.opcode(), Bytes.of(payload.toByteArray())));
            }
        };
        for (int at = 0; at < bytes.length; at += chunkSize) {
            ByteBuffer in = ByteBuffer.wrap(bytes, at, Math.min(chunkSize, bytes.length - at));
            decoder.stream(in, listener);
            if (in.hasRemaining()) {
                throw new AssertionError("stream left " + in.remaining() + " bytes unread");
            }
        }
        return frames;
    }
}

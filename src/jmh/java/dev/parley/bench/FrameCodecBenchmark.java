package dev.parley.bench;

import dev.parley.wire.Bytes;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameDecoder;
import dev.parley.wire.FrameEncoder;
import dev.parley.wire.FrameHeader;
import dev.parley.wire.FrameListener;
import dev.parley.wire.MaskKeys;
import dev.parley.wire.Masking;
import dev.parley.wire.Opcode;
import dev.parley.wire.Utf8Validator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of the codec's hot paths on one frame of {@code size} payload bytes. Run through {@link WireBench}, which
 * turns operations per second into GB/s of payload and shows the bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameCodecBenchmark {
    /** Non-zero, so that no implementation can skip the XOR. */
    private static final int KEY = 0x37fa213d;

    @Param({"32", "65536"})
    public int size;

    private ByteBuffer maskedFrame;
    private FrameDecoder wholeDecoder;
    private FrameDecoder streamingDecoder;
    private final CountingListener listener = new CountingListener();
    private byte[] payload;
    private byte[] text;
    private Frame frame;
    private final FrameEncoder server = FrameEncoder.server();
    private final FrameEncoder client = FrameEncoder.client(MaskKeys.fixed(KEY));
    private ByteBuffer out;
    private final Utf8Validator utf8 = new Utf8Validator();

    @Setup
    public void setUp() {
        payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) (i * 31);
        }
        frame = Frame.binary(Bytes.of(payload));
        maskedFrame = ByteBuffer.wrap(client.encode(frame));
        wholeDecoder = FrameDecoder.server(1 << 20);
        streamingDecoder = FrameDecoder.server(1 << 20);
        out = ByteBuffer.allocate(size + 14);
        String sample = "chat message, with some ünïcödé and €uro signs; ";
        StringBuilder builder = new StringBuilder();
        while (builder.length() < size) {
            builder.append(sample);
        }
        byte[] utf8Bytes = builder.toString().getBytes(StandardCharsets.UTF_8);
        text = java.util.Arrays.copyOf(utf8Bytes, size);
        while (!Utf8Validator.isValid(text, 0, text.length)) {
            text[text.length - 1] = 'x'; // do not end inside a character
        }
    }

    /** Whole-frame decode of a masked client frame: header, one allocation, copy and unmask in one pass. */
    @Benchmark
    public Frame decodeMasked() {
        maskedFrame.position(0);
        return wholeDecoder.decode(maskedFrame);
    }

    /** Streaming decode of the same frame: unmasked in 8 KiB chunks handed to a listener, nothing allocated. */
    @Benchmark
    public long streamMasked() {
        maskedFrame.position(0);
        streamingDecoder.stream(maskedFrame, listener);
        return listener.bytes;
    }

    /** The XOR alone, in place. */
    @Benchmark
    public int unmask() {
        return Masking.xor(payload, 0, size, KEY, 0);
    }

    /** A server frame into a heap buffer. */
    @Benchmark
    public int encodeServer() {
        out.clear();
        server.encode(frame, out);
        return out.position();
    }

    /** A client frame into a heap buffer: copy, then mask in place. */
    @Benchmark
    public int encodeClient() {
        out.clear();
        client.encode(frame, out);
        return out.position();
    }

    /** Fail-fast UTF-8 check of mixed text (mostly ASCII, some 2- and 3-byte characters). */
    @Benchmark
    public boolean validateUtf8() {
        utf8.update(text, 0, text.length);
        utf8.finish();
        return true;
    }

    /** Takes the payload chunks and only counts them. */
    static final class CountingListener implements FrameListener {
        long bytes;

        @Override
        public void onControlFrame(Frame frame) {
            bytes++;
        }

        @Override
        public void onDataStart(FrameHeader header) {
            bytes += header.opcode() == Opcode.BINARY ? 1 : 0;
        }

        @Override
        public void onDataPayload(ByteBuffer chunk) {
            bytes += chunk.get(chunk.limit() - 1) + chunk.remaining();
        }

        @Override
        public void onDataEnd(FrameHeader header) {
            bytes++;
        }
    }
}

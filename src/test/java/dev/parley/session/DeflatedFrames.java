package dev.parley.session;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;

import dev.parley.wire.DeflateParameters;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameDecoder;
import dev.parley.wire.FrameRules;
import dev.parley.wire.MessageInflater;
import dev.parley.wire.Rfc6455;
import dev.parley.wire.Role;

/** The tests' client end of outbound permessage-deflate: a writer that keeps frames, and our decoder and inflater. */
final class DeflatedFrames implements FrameWriter {
    static final Optional<DeflateParameters> NO_CONTEXT = Optional.of(
            new DeflateParameters(15, 15, true, false, false, false));
    static final Optional<DeflateParameters> CONTEXT = Optional.of(
            new DeflateParameters(15, 15, false, false, false, false));

    final List<byte[]> written = new ArrayList<>();

    @Override
    public synchronized void write(byte[] frame, SendHandler handler) {
        written.add(frame);
        handler.onResult(new SendResult());
    }

    /** The one frame in {@code bytes}, decoded as a client with RSV1 allowed (permessage-deflate negotiated). */
    static Frame decode(byte[] bytes) {
        FrameDecoder decoder = new FrameDecoder(new FrameRules(Role.CLIENT, 1 << 22, Rfc6455.RSV1));
        ByteBuffer in = ByteBuffer.wrap(bytes);
        Frame frame = decoder.decode(in);
        assertTrue(frame != null && !in.hasRemaining() && frame.fin(), "one whole frame");
        return frame;
    }

    /** The message {@code bytes} carries: inflated with {@code inflater} if RSV1 is set, else the payload. */
    static byte[] message(byte[] bytes, MessageInflater inflater) {
        Frame frame = decode(bytes);
        if (!frame.rsv1()) {
            return frame.payload().toByteArray();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        inflater.inflate(ByteBuffer.wrap(frame.payload().toByteArray()), out::write);
        inflater.endMessage(out::write);
        return out.toByteArray();
    }

    /** A client's inflater for server messages; {@code reset}: the server compresses without context takeover. */
    static MessageInflater inflater(boolean reset) {
        return new MessageInflater(1 << 22, reset, 8192);
    }

    /** Chat-like JSON of about {@code size} bytes, varying with {@code seed}. */
    static String json(int size, int seed) {
        StringBuilder text = new StringBuilder(size + 80);
        Random random = new Random(seed);
        while (text.length() < size) {
            text.append("{\"type\":\"message\",\"room\":\"lobby\",\"from\":\"user").append(random.nextInt(1000))
                    .append("\",\"text\":\"grüße ").append(random.nextInt()).append("\"},");
        }
        return text.substring(0, size);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] random(int size, int seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}

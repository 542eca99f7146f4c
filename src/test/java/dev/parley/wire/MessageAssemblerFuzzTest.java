package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.wire.WireFuzzing.Chunk;
import dev.parley.wire.WireFuzzing.Input;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fuzzing {@link MessageAssembler} behind a {@link FrameDecoder}, against a model written for this test from RFC 6455
 * §5.4, §5.5.1 and §8.1 with the JDK's strict UTF-8 decoder. Without {@code JAZZER_FUZZ=1} it replays the inputs
 * under {@code src/test/resources/dev/parley/wire/MessageAssemblerFuzzTestInputs/<method>/}; see docs/fuzzing.md.
 */
class MessageAssemblerFuzzTest {

    /**
     * Fuzz bytes (fuzz-chosen role, frame cap 1 KiB or 64 KiB, message cap 0–4096 bytes, chunking) through
     * {@link FrameDecoder#stream} into a {@link MessageAssembler}, and through {@link FrameDecoder#decode} into
     * {@link MessageAssembler#accept}. Asserted:
     * <ul>
     *   <li>nothing but {@link ProtocolViolation} is thrown;</li>
     *   <li>no message delivered is over the message cap (text counted in UTF-8 bytes);</li>
     *   <li>every text message delivered is the strict (REPORT) JDK decoding of valid UTF-8 message bytes;</li>
     *   <li>the messages and control frames delivered, in order, and the close code of the violation that ends the
     *       run (if any), are those of the model fed the very same frame events, on both paths. The model fails a text
     *       message in the frame piece where the JDK decoder first reports malformed input, so this also holds the
     *       assembler to failing fast, within the piece that shows the error.</li>
     * </ul>
     */
    @FuzzTest(maxDuration = "2m")
    void assembledMessagesMatchTheModelStayWithinTheCapAndAreValidUtf8(FuzzedDataProvider data) {
        Role role = data.consumeBoolean() ? Role.SERVER : Role.CLIENT;
        long frameCap = data.consumeBoolean() ? 1024 : 1 << 16;
        int messageCap = data.consumeInt(0, 4096);
        Input input = Input.from(data);

        Run streamed = new Run(messageCap);
        streamed.streamInto(decoder(role, frameCap), input, new MessageAssembler(messageCap, streamed));
        Run modelStreamed = new Run(messageCap);
        modelStreamed.streamInto(decoder(role, frameCap), input, new Model(messageCap, modelStreamed));
        assertEquals(modelStreamed.result(), streamed.result(), "stream() into the assembler vs the model");

        Run decoded = new Run(messageCap);
        MessageAssembler assembler = new MessageAssembler(messageCap, decoded);
        decoded.decodeInto(decoder(role, frameCap), input, assembler::accept);
        Run modelDecoded = new Run(messageCap);
        Model model = new Model(messageCap, modelDecoded);
        modelDecoded.decodeInto(decoder(role, frameCap), input, model::accept);
        assertEquals(modelDecoded.result(), decoded.result(), "decode() into accept() vs the model");
    }

    private static FrameDecoder decoder(Role role, long cap) {
        return role == Role.SERVER ? FrameDecoder.server(cap) : FrameDecoder.client(cap);
    }

    /** What a model violation carries; not a ProtocolViolation, so the decoder cannot confuse the two. */
    private static final class ModelViolation extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final CloseCode code;

        ModelViolation(CloseCode code) {
            super(code.toString(), null, false, false);
            this.code = code;
        }
    }

    /** Records what a handler was told, checks each message against the cap, and how the run ended. */
    private static final class Run implements MessageHandler {
        final List<String> events = new ArrayList<>();
        final int messageCap;
        CloseCode ended;

        Run(int messageCap) {
            this.messageCap = messageCap;
        }

        String result() {
            return String.join("\n", events) + "\nend " + ended;
        }

        void streamInto(FrameDecoder decoder, Input input, FrameListener listener) {
            try {
                for (Chunk chunk : input.chunks()) {
                    decoder.stream(chunk.buffer(input.wire()), listener);
                }
            } catch (ProtocolViolation violation) {
                ended = violation.code();
            } catch (ModelViolation violation) {
                ended = violation.code;
            }
        }

        void decodeInto(FrameDecoder decoder, Input input, Consumer<Frame> sink) {
            try {
                for (Chunk chunk : input.chunks()) {
                    ByteBuffer in = chunk.buffer(input.wire());
                    for (Frame frame; (frame = decoder.decode(in)) != null; ) {
                        sink.accept(frame);
                    }
                }
            } catch (ProtocolViolation violation) {
                ended = violation.code();
            } catch (ModelViolation violation) {
                ended = violation.code;
            }
        }

        @Override
        public void onText(String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            assertTrue(utf8.length <= messageCap, () -> "text message of " + utf8.length + " bytes over " + messageCap);
            try {
                // a String from invalid bytes would hold U+FFFD or lone surrogates and fail to round-trip strictly
                assertEquals(text, strictUtf8().decode(ByteBuffer.wrap(utf8)).toString());
            } catch (CharacterCodingException e) {
                throw new AssertionError("text message is not valid UTF-8", e);
            }
            events.add("text " + Bytes.of(utf8).hex());
        }

        @Override
        public void onBinary(Bytes data) {
            assertTrue(data.size() <= messageCap, () -> "binary message of " + data.size() + " bytes over " + messageCap);
            events.add("binary " + data.hex());
        }

        @Override
        public void onPing(Bytes payload) {
            events.add("ping " + payload.hex());
        }

        @Override
        public void onPong(Bytes payload) {
            events.add("pong " + payload.hex());
        }

        @Override
        public void onClose(CloseStatus status) {
            events.add("close " + status.code() + " " + status.reason());
        }
    }

    private static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /**
     * The model: fragments in order (§5.4), no frame after a close (§5.5.1), at most {@code messageCap} bytes per
     * message counted from the frame headers (1009), text checked by the JDK's strict decoder piece by piece (1007).
     * For a text message it delivers the strict decoding of the message bytes, so an invalid one cannot slip through.
     */
    private static final class Model implements FrameListener {
        private final long messageCap;
        private final MessageHandler handler;
        private final ByteArrayOutputStream message = new ByteArrayOutputStream();
        private Opcode type;
        private long size;
        private boolean fin;
        private boolean closed;
        private CharsetDecoder utf8;
        private byte[] undecoded = new byte[0]; // the start of a character split between pieces
        private final StringBuilder text = new StringBuilder();

        Model(long messageCap, MessageHandler handler) {
            this.messageCap = messageCap;
            this.handler = handler;
        }

        void accept(Frame frame) {
            if (frame.isControl()) {
                onControlFrame(frame);
                return;
            }
            onDataStart(frame.header());
            if (!frame.payload().isEmpty()) {
                onDataPayload(frame.payload().asReadOnlyBuffer());
            }
            onDataEnd(frame.header());
        }

        @Override
        public void onControlFrame(Frame frame) {
            if (closed) {
                throw new ModelViolation(CloseCode.PROTOCOL_ERROR);
            }
            byte[] body = frame.payload().toByteArray();
            switch (frame.opcode()) {
                case PING -> handler.onPing(frame.payload());
                case PONG -> handler.onPong(frame.payload());
                case CLOSE -> {
                    closed = true;
                    handler.onClose(body.length == 0 ? CloseStatus.NO_STATUS
                            : new CloseStatus((body[0] & 0xFF) << 8 | body[1] & 0xFF,
                                    new String(body, 2, body.length - 2, StandardCharsets.UTF_8)));
                }
                default -> throw new AssertionError(frame);
            }
        }

        @Override
        public void onDataStart(FrameHeader header) {
            if (closed) {
                throw new ModelViolation(CloseCode.PROTOCOL_ERROR);
            }
            if (header.opcode() == Opcode.CONTINUATION) {
                if (type == null) {
                    throw new ModelViolation(CloseCode.PROTOCOL_ERROR);
                }
            } else {
                if (type != null) {
                    throw new ModelViolation(CloseCode.PROTOCOL_ERROR);
                }
                type = header.opcode();
                size = 0;
                message.reset();
                text.setLength(0);
                undecoded = new byte[0];
                utf8 = strictUtf8();
            }
            size += header.payloadLength();
            if (size > messageCap) {
                throw new ModelViolation(CloseCode.MESSAGE_TOO_BIG);
            }
            fin = header.fin();
        }

        @Override
        public void onDataPayload(ByteBuffer chunk) {
            byte[] piece = new byte[chunk.remaining()];
            chunk.duplicate().get(piece);
            message.write(piece, 0, piece.length);
            if (type == Opcode.TEXT) {
                ByteBuffer in = ByteBuffer.allocate(undecoded.length + piece.length).put(undecoded).put(piece).flip();
                decode(in, false);
                undecoded = new byte[in.remaining()];
                in.get(undecoded);
            }
        }

        @Override
        public void onDataEnd(FrameHeader header) {
            if (!fin) {
                return;
            }
            Opcode done = type;
            type = null;
            byte[] bytes = message.toByteArray();
            if (done == Opcode.TEXT) {
                ByteBuffer in = ByteBuffer.wrap(undecoded);
                decode(in, true);
                CharBuffer out = CharBuffer.allocate(4);
                if (utf8.flush(out).isError() || in.hasRemaining()) {
                    throw new ModelViolation(CloseCode.INVALID_PAYLOAD_DATA);
                }
                handler.onText(text.append(out.flip()).toString());
            } else {
                handler.onBinary(Bytes.of(bytes));
            }
        }

        private void decode(ByteBuffer in, boolean endOfInput) {
            CharBuffer out = CharBuffer.allocate(in.remaining() + 2);
            CoderResult result = utf8.decode(in, out, endOfInput);
            if (result.isError()) {
                throw new ModelViolation(CloseCode.INVALID_PAYLOAD_DATA);
            }
            text.append(out.flip());
        }
    }
}

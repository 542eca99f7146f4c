package dev.parley.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.parley.client.RawClient;
import dev.parley.wire.Bytes;
import dev.parley.wire.DeflateNegotiation;
import dev.parley.wire.DeflateParameters;
import dev.parley.wire.ExtensionHeader;
import dev.parley.wire.ExtensionOffer;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameEncoder;
import dev.parley.wire.HttpHeaders;
import dev.parley.wire.MaskKeys;
import dev.parley.wire.MessageDeflater;
import dev.parley.wire.MessageInflater;
import dev.parley.wire.Opcode;
import dev.parley.wire.Role;
import dev.parley.wire.UpgradeResponse;

/**
 * A raw-socket client of the tests that speaks permessage-deflate with the project's codec: offers what it is told,
 * checks the answer as RFC 7692 §7 says a client must, sends messages compressed or not (fragmented as asked), and
 * reads messages, inflating those the server compressed.
 */
public final class DeflateSocket implements AutoCloseable {
    private final RawClient raw;
    private final FrameEncoder encoder = FrameEncoder.client(MaskKeys.secure());
    public final UpgradeResponse response;
    public final Optional<DeflateParameters> parameters;
    private final MessageDeflater deflater;

    /** A message or control frame received: its opcode and (inflated) payload. */
    public record Received(Opcode opcode, byte[] payload) {
        public String text() {
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private DeflateSocket(RawClient raw) throws IOException {
        this.raw = raw;
        this.response = raw.handshake();
        Optional<String> answer = response.headers().first("Sec-WebSocket-Extensions");
        if (answer.isEmpty()) {
            parameters = Optional.empty();
        } else if (ExtensionHeader.parse(answer.get()) instanceof ExtensionHeader.Offers offers
                && offers.offers().size() == 1) {
            // DeflateNegotiation.checkResponse is the check for Parley's own plain offer, which has no
            // client_max_window_bits (§7.1.2.2); a test that offered it reads the value here.
            ExtensionOffer element = offers.offers().get(0);
            List<ExtensionOffer.Parameter> others = element.parameters().stream()
                    .filter(p -> !p.name().equalsIgnoreCase(DeflateParameters.CLIENT_MAX_WINDOW_BITS)).toList();
            int clientBits = element.parameters().stream()
                    .filter(p -> p.name().equalsIgnoreCase(DeflateParameters.CLIENT_MAX_WINDOW_BITS))
                    .map(p -> Integer.parseInt(p.value().orElseThrow())).findFirst().orElse(DeflateParameters.MAX_WINDOW_BITS);
            parameters = DeflateNegotiation.checkResponse(new ExtensionOffer(element.name(), others)).accepted()
                    .map(p -> new DeflateParameters(p.serverMaxWindowBits(), clientBits, p.serverNoContextTakeover(),
                            p.clientNoContextTakeover(), p.announceServerWindowBits(), clientBits != 15));
            if (parameters.isEmpty()) {
                throw new IOException("the client must fail the connection on this answer: " + answer.get());
            }
        } else {
            throw new IOException("not one extension in the answer: " + answer.get());
        }
        deflater = parameters.map(p -> MessageDeflater.of(p, Role.CLIENT)).orElse(null);
    }

    /** Opens {@code uri} offering {@code offers} (each a Sec-WebSocket-Extensions line; none: no header). */
    public static DeflateSocket connect(URI uri, String... offers) throws IOException {
        HttpHeaders extra = HttpHeaders.EMPTY;
        for (String offer : offers) {
            extra = extra.with("Sec-WebSocket-Extensions", offer);
        }
        RawClient raw = RawClient.connect(uri, Duration.ofSeconds(20), MaskKeys.secure(), extra);
        try {
            return new DeflateSocket(raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Sends a message: compressed (RSV1 on its first frame) or not, in {@code fragments} frames. */
    public void send(Opcode type, byte[] message, boolean compress, int fragments) throws IOException {
        byte[] body = compress ? deflater.deflate(ByteBuffer.wrap(message)) : message;
        int step = Math.max(1, (body.length + fragments - 1) / fragments);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int at = 0;
        do {
            int end = Math.min(body.length, at + step);
            wire.writeBytes(encoder.encode(new Frame(end == body.length, at == 0 && compress, false, false,
                    at == 0 ? type : Opcode.CONTINUATION, Bytes.of(Arrays.copyOfRange(body, at, end)))));
            at = end;
        } while (at < body.length);
        sendRaw(wire.toByteArray());
    }

    public void sendRaw(byte[] bytes) throws IOException {
        raw.sendRaw(bytes);
    }

    public byte[] deflate(byte[] message) {
        return deflater.deflate(ByteBuffer.wrap(message));
    }

    public FrameEncoder encoder() {
        return encoder;
    }

    /** The next message (inflated if the server compressed it) or control frame. */
    public Received read() throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        Opcode type = null;
        boolean compressed = false;
        while (true) {
            Frame frame = raw.read().frame();
            if (frame.isControl()) {
                return new Received(frame.opcode(), frame.payload().toByteArray());
            }
            if (frame.opcode() != Opcode.CONTINUATION) {
                type = frame.opcode();
                compressed = frame.rsv1();
            }
            message.writeBytes(frame.payload().toByteArray());
            if (frame.fin()) {
                byte[] payload = message.toByteArray();
                if (compressed) {
                    ByteArrayOutputStream inflated = new ByteArrayOutputStream();
                    try (MessageInflater inflater = MessageInflater.of(parameters.orElseThrow(), Role.CLIENT,
                            64L << 20)) {
                        inflater.inflate(payload, 0, payload.length, inflated::write);
                        inflater.endMessage(inflated::write);
                    }
                    payload = inflated.toByteArray();
                }
                return new Received(type, payload);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (deflater != null) {
            deflater.close();
        }
        raw.close();
    }
}

package dev.parley.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import dev.parley.wire.Bytes;
import dev.parley.wire.CloseCode;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.DeflateParameters;
import dev.parley.wire.Frame;
import dev.parley.wire.HttpHeaders;
import dev.parley.wire.MaskKeys;
import dev.parley.wire.MessageDeflater;
import dev.parley.wire.MessageInflater;
import dev.parley.wire.Opcode;
import dev.parley.wire.ProtocolViolation;
import dev.parley.wire.Rfc6455;
import dev.parley.wire.Role;

/**
 * A blocking message-level client on {@link RawClient} that offers permessage-deflate (RFC 7692) and, when the server
 * accepts, sends every data message compressed (RSV1 on its first frame, client frames masked) and inflates the
 * server's compressed messages up to a cap. It counts the bytes each message took on the wire, both ways. Used by
 * {@code parley client --deflate} and the real-peer tests; one thread sends and receives, or one each.
 */
public final class DeflateSession implements AutoCloseable {
    private final RawClient raw;
    private final Optional<DeflateParameters> parameters;
    private final MessageDeflater deflater;
    private final MessageInflater inflater;
    private final long maxMessageBytes;
    private long wireBytesSent;
    private long wireBytesReceived;

    private DeflateSession(RawClient raw, Optional<DeflateParameters> parameters, long maxMessageBytes) {
        this.raw = raw;
        this.parameters = parameters;
        this.maxMessageBytes = maxMessageBytes;
        this.deflater = parameters.map(p -> MessageDeflater.of(p, Role.CLIENT)).orElse(null);
        this.inflater = parameters.map(p -> MessageInflater.of(p, Role.CLIENT, maxMessageBytes)).orElse(null);
    }

    /**
     * Opens {@code uri} offering permessage-deflate, with {@code extra} header fields; a server answer that breaks
     * RFC 7692 §7 fails the connection (a {@link dev.parley.wire.HandshakeRejected}, the socket closed).
     *
     * @param maxMessageBytes the largest message accepted, inflated or not; one byte more closes with 1009
     */
    public static DeflateSession connect(URI uri, Duration timeout, HttpHeaders extra, long maxMessageBytes)
            throws IOException {
        RawClient raw = RawClient.connect(uri, timeout, MaskKeys.secure(), extra.with(DeflateHandshake.offer()));
        try {
            return new DeflateSession(raw, DeflateHandshake.check(raw.handshake().headers()), maxMessageBytes);
        } catch (RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The parameters in force; empty when the server did not accept the offer (then nothing is compressed). */
    public Optional<DeflateParameters> parameters() {
        return parameters;
    }

    /** The connection underneath (its handshake, raw frames). */
    public RawClient raw() {
        return raw;
    }

    /**
     * Sends one data message, compressed if negotiated, in frames of at most {@code fragmentBytes} of (compressed)
     * payload, or one frame when it is 0. §6.1: the compressed bytes are split across frames, "the "Per-Message
     * Compressed" bit [...] set on the first frame" only. Returns the bytes it took on the wire.
     */
    public long send(Opcode opcode, byte[] message, int fragmentBytes) throws IOException {
        Bytes payload = Bytes.copyOf(message, 0, message.length);
        boolean compressed = deflater != null;
        if (compressed) {
            payload = deflater.deflate(payload);
        }
        byte[] bytes = payload.toByteArray();
        int step = fragmentBytes <= 0 ? Math.max(1, bytes.length) : fragmentBytes;
        long wire = 0;
        int at = 0;
        do {
            int n = Math.min(step, bytes.length - at);
            boolean first = at == 0;
            boolean fin = at + n == bytes.length;
            Frame frame = new Frame(fin, first && compressed, false, false, first ? opcode : Opcode.CONTINUATION,
                    Bytes.copyOf(bytes, at, n));
            wire += sendFrame(frame);
            at += n;
        } while (at < bytes.length);
        return wire;
    }

    /** Sends a text message. */
    public long sendText(String text, int fragmentBytes) throws IOException {
        return send(Opcode.TEXT, text.getBytes(StandardCharsets.UTF_8), fragmentBytes);
    }

    /** Sends a close frame with {@code status}. */
    public void sendClose(CloseStatus status) throws IOException {
        sendFrame(Frame.close(status));
    }

    private synchronized long sendFrame(Frame frame) throws IOException {
        raw.send(frame);
        long n = Rfc6455.headerLength(frame.payload().size(), true) + frame.payload().size();
        wireBytesSent += n;
        return n;
    }

    /**
     * The next data message or the server's close (as a {@link Message} with opcode CLOSE and the close body); pings
     * are answered, pongs skipped. A message that breaks the rules (over the cap 1009, bad deflate data or bad UTF-8
     * 1007, RSV1 where it has no meaning 1002) sends the close frame and throws the {@link ProtocolViolation}.
     */
    public Message receive() throws IOException {
        try {
            return next();
        } catch (ProtocolViolation violation) {
            try {
                sendClose(violation.toCloseStatus());
            } catch (IOException ignored) {
                // failing the connection anyway
            }
            throw violation;
        }
    }

    private Message next() throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        MessageInflater.Sink sink = data::write;
        Opcode opcode = null;
        boolean compressed = false;
        long wire = 0;
        while (true) {
            RawClient.Received received = raw.read();
            wireBytesReceived += received.wireLength();
            Frame frame = received.frame();
            if (frame.isControl()) {
                if (frame.rsv1()) {
                    // §6: RSV1 means "Per-Message Compressed" on the first frame of a data message only
                    throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "RSV1 on a control frame");
                }
                if (frame.opcode() == Opcode.PING) {
                    sendFrame(Frame.pong(frame.payload()));
                } else if (frame.opcode() == Opcode.CLOSE) {
                    return new Message(Opcode.CLOSE, frame.payload().toByteArray(), false, received.wireLength());
                }
                continue;
            }
            wire += received.wireLength();
            if (opcode == null) {
                if (frame.opcode() == Opcode.CONTINUATION) {
                    throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "continuation frame without a message");
                }
                opcode = frame.opcode();
                compressed = frame.rsv1();
            } else if (frame.opcode() != Opcode.CONTINUATION) {
                throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "new message before the last one ended");
            } else if (frame.rsv1()) {
                throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "RSV1 on a continuation frame");
            }
            byte[] payload = frame.payload().toByteArray();
            if (compressed) {
                inflater.inflate(payload, 0, payload.length, sink);
            } else {
                if (data.size() + (long) payload.length > maxMessageBytes) {
                    throw new ProtocolViolation(CloseCode.MESSAGE_TOO_BIG, "message over " + maxMessageBytes + " bytes");
                }
                data.write(payload, 0, payload.length);
            }
            if (frame.fin()) {
                if (compressed) {
                    inflater.endMessage(sink);
                }
                byte[] message = data.toByteArray();
                if (opcode == Opcode.TEXT) {
                    checkUtf8(message);
                }
                return new Message(opcode, message, compressed, wire);
            }
        }
    }

    private static void checkUtf8(byte[] message) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(message));
        } catch (CharacterCodingException e) {
            // RFC 6455 §8.1: "When an endpoint is to interpret a byte stream as UTF-8 but finds that the byte stream is
            // not, in fact, a valid UTF-8 stream, that endpoint MUST _Fail the WebSocket Connection_."
            throw new ProtocolViolation(CloseCode.INVALID_PAYLOAD_DATA, "text message is not UTF-8");
        }
    }

    /** Bytes of every frame sent so far, headers included. */
    public synchronized long wireBytesSent() {
        return wireBytesSent;
    }

    /** Bytes of every frame received so far, headers included. */
    public long wireBytesReceived() {
        return wireBytesReceived;
    }

    @Override
    public void close() throws IOException {
        try {
            raw.close();
        } finally {
            if (deflater != null) {
                deflater.close();
                inflater.close();
            }
        }
    }

    /**
     * A received message, or (opcode CLOSE) the server's close body.
     *
     * @param compressed whether it came with RSV1 (and was inflated)
     * @param wireBytes  the bytes its frames took on the wire
     */
    public record Message(Opcode opcode, byte[] data, boolean compressed, long wireBytes) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }

        public CloseStatus closeStatus() {
            return CloseStatus.parse(Bytes.copyOf(data, 0, data.length));
        }
    }
}

package dev.parley.bench;

import java.nio.ByteBuffer;
import java.util.Optional;

import dev.parley.client.DeflateHandshake;
import dev.parley.wire.Bytes;
import dev.parley.wire.DeflateParameters;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameDecoder;
import dev.parley.wire.FrameEncoder;
import dev.parley.wire.MessageDeflater;
import dev.parley.wire.MessageInflater;
import dev.parley.wire.Role;
import dev.parley.wire.UpgradeResponse;

/**
 * {@code parley bench --deflate} on one connection: the parameters the server accepted (RFC 7692), a deflater that
 * keeps its context or is reset per message as they say, and the inflater its {@link ServerFrameScanner} uses. The
 * workloads encode each message once, masked; {@link #compress} turns such a frame into the compressed one to send
 * (unmasked, deflated, encoded again with RSV1), so a broadcast's timestamp, written into the frame just before, is
 * compressed with the rest.
 */
final class BenchDeflate implements AutoCloseable {
    /** Inflated messages larger than this fail the connection (1009); the benchmark's messages are far smaller. */
    static final long MAX_MESSAGE = 64L << 20;

    private final DeflateParameters parameters;
    private final MessageDeflater deflater;
    private final MessageInflater inflater;
    private final FrameDecoder unmask = FrameDecoder.server(Long.MAX_VALUE);

    private BenchDeflate(DeflateParameters parameters) {
        this.parameters = parameters;
        this.deflater = MessageDeflater.of(parameters, Role.CLIENT);
        this.inflater = MessageInflater.of(parameters, Role.CLIENT, MAX_MESSAGE);
    }

    /** The deflate state for a connection whose 101 is {@code response}: empty when the server did not accept. */
    static Optional<BenchDeflate> negotiated(UpgradeResponse response) {
        return DeflateHandshake.check(response.headers()).map(BenchDeflate::new);
    }

    DeflateParameters parameters() {
        return parameters;
    }

    MessageInflater inflater() {
        return inflater;
    }

    /** The compressed form of {@code frame}, a whole unfragmented client data frame, encoded with {@code encoder}. */
    byte[] compress(byte[] frame, FrameEncoder encoder) {
        Frame plain = unmask.decode(ByteBuffer.wrap(frame));
        Bytes compressed = deflater.deflate(plain.payload());
        return encoder.encode(new Frame(true, true, false, false, plain.opcode(), compressed));
    }

    @Override
    public void close() {
        deflater.close();
        inflater.close();
    }
}

package dev.parley.bench;

import java.nio.ByteBuffer;

import dev.parley.wire.FrameDecoder;
import dev.parley.wire.FrameRules;
import dev.parley.wire.MessageInflater;
import dev.parley.wire.ProtocolViolation;
import dev.parley.wire.Rfc6455;
import dev.parley.wire.Role;
import dev.parley.wire.ScanListener;
import dev.parley.wire.WireHeader;

/**
 * The load generator's receive path: the frames a server sends, followed by the codec's permissive mode
 * ({@link FrameDecoder#scan}), reduced to what a workload needs: whole messages (their length and first {@code prefix}
 * bytes, where a broadcast carries its send time) and control frames with their body. Unmasked payload is only looked
 * at in place in the read buffer, never copied; the rest of a message past its prefix is skipped.
 *
 * <p>It does not judge: the servers under test are trusted to speak RFC 6455 (the conformance suite checks Parley's),
 * so the violations the codec reports are ignored. Masked frames in particular are expected, because the floor
 * calibration server echoes client frames verbatim; the codec unmasks them. A message is reported when its FIN frame
 * ends.
 */
final class ServerFrameScanner {

    /** Where whole messages and control frames go. */
    interface Sink {
        /**
         * A complete data message.
         *
         * @param opcode       1 (text) or 2 (binary)
         * @param length       its payload length, summed over fragments
         * @param prefix       its first payload bytes (valid during the call only)
         * @param prefixLength how many of them, at most the scanner's prefix size
         */
        void message(int opcode, long length, byte[] prefix, int prefixLength);

        /** A control frame (8 close, 9 ping, 10 pong) with its body. */
        void control(int opcode, byte[] body, int length);
    }

    private final FrameDecoder decoder = new FrameDecoder(new FrameRules(Role.CLIENT, Long.MAX_VALUE, 0));
    private final Frames frames = new Frames();
    private Sink sink;
    private boolean controlFrame;

    private int messageOpcode;
    private long messageLength;
    private byte[] prefix;
    private final int maxPrefix;
    private int prefixHave;
    private final byte[] control = new byte[Rfc6455.MAX_CONTROL_PAYLOAD];
    private int controlHave;
    /** --deflate: inflates messages that came with RSV1 (RFC 7692), or null. */
    private MessageInflater inflater;
    private boolean compressed;
    private final MessageInflater.Sink inflated = (bytes, offset, length) -> frames.keep(
            ByteBuffer.wrap(bytes, offset, length));
    private long wireBytes;

    /** A scanner that keeps the first {@code prefixBytes} bytes of every message. */
    ServerFrameScanner(int prefixBytes) {
        this(prefixBytes, prefixBytes);
    }

    /**
     * A scanner that keeps the first {@code maxPrefixBytes} bytes of every message in a buffer of {@code initialBytes}
     * that grows (doubling) only when a longer message comes: the chat workload reads whole JSON frames, most of them
     * short, a few (a join's answer with its member list) long.
     */
    ServerFrameScanner(int initialBytes, int maxPrefixBytes) {
        this.prefix = new byte[Math.min(initialBytes, maxPrefixBytes)];
        this.maxPrefix = maxPrefixBytes;
    }

    /** From now on, messages with RSV1 are inflated with {@code messageInflater} before they are reported. */
    void inflateWith(MessageInflater messageInflater) {
        this.inflater = messageInflater;
    }

    /** The bytes on the wire (headers and payload) of the data frames since the last call. */
    long takeWireBytes() {
        long n = wireBytes;
        wireBytes = 0;
        return n;
    }

    /** Whether the scanner is between frames. */
    boolean atFrameBoundary() {
        return decoder.isAtFrameBoundary();
    }

    /**
     * Consumes everything remaining in {@code in}, reporting what completes.
     *
     * @throws ProtocolViolation if a 64-bit length has its top bit set: where that frame ends cannot be known
     */
    void scan(ByteBuffer in, Sink sink) {
        this.sink = sink;
        decoder.scan(in, frames);
    }

    /** The codec's events, turned into messages and control frames. */
    private final class Frames implements ScanListener {
        @Override
        public void onHeader(WireHeader header) {
            controlFrame = header.isControl();
            if (controlFrame) {
                controlHave = 0;
            } else if (header.opcode() != 0) {
                messageOpcode = header.opcode();
                messageLength = 0;
                prefixHave = 0;
                compressed = inflater != null && (header.rsvBits() & Rfc6455.RSV1) != 0;
            }
        }

        @Override
        public void onViolation(ProtocolViolation violation) {
            // trusted servers; masked frames from the floor server are expected
        }

        @Override
        public void onPayload(ByteBuffer chunk) {
            int n = chunk.remaining();
            if (controlFrame) {
                int take = Math.min(n, control.length - controlHave);
                chunk.get(chunk.position(), control, controlHave, take);
                controlHave += take;
            } else if (compressed) {
                inflater.inflate(chunk.duplicate(), inflated);
            } else {
                keep(chunk);
            }
        }

        /** Counts a message's (inflated) payload and keeps its start. */
        void keep(ByteBuffer chunk) {
            int n = chunk.remaining();
            if (prefixHave + n > prefix.length && prefix.length < maxPrefix) {
                prefix = java.util.Arrays.copyOf(prefix,
                        Math.min(maxPrefix, Math.max(prefix.length * 2, prefixHave + n)));
            }
            int take = Math.min(n, prefix.length - prefixHave);
            chunk.get(chunk.position(), prefix, prefixHave, take);
            prefixHave += take;
            messageLength += n;
        }

        @Override
        public void onFrameEnd(WireHeader header) {
            if (header.isControl()) {
                sink.control(header.opcode(), control, controlHave);
                return;
            }
            wireBytes += Rfc6455.headerLength(header.length(), header.masked()) + header.length();
            if (header.fin() && compressed) {
                inflater.endMessage(inflated);
            }
            if (header.fin()) {
                sink.message(messageOpcode, messageLength, prefix, prefixHave);
            }
        }
    }
}

package dev.parley.bench;

import java.nio.ByteBuffer;

import dev.parley.wire.Rfc6455;

/**
 * Walks the frames a server sends, in place in the read buffer, without copying payloads: the load generator's
 * receive path. Only the header, the first {@code prefix} bytes of each message (where a broadcast carries its send
 * time) and control-frame bodies (at most 125 bytes) are looked at; the rest of a payload is skipped by moving the
 * buffer's position. Resumes at any byte boundary, like {@link dev.parley.wire.FrameDecoder}, which it is tested
 * against.
 *
 * <p>It does not validate: the servers under test are trusted to speak RFC 6455 (the conformance suite checks
 * Parley's). Masked frames are tolerated, because the floor calibration server echoes client frames verbatim; their
 * prefix and control bodies are unmasked. A message is reported when its FIN frame ends.
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

    private final byte[] header = new byte[Rfc6455.MAX_HEADER];
    private int headerHave;
    private int headerNeed = 2;
    private boolean inPayload;

    private int opcode;
    private boolean fin;
    private boolean masked;
    private int maskKey;
    private long frameLength;
    private long left;

    private int messageOpcode;
    private long messageLength;
    private final byte[] prefix;
    private int prefixHave;
    private final byte[] control = new byte[Rfc6455.MAX_CONTROL_PAYLOAD];
    private int controlHave;

    /** A scanner that keeps the first {@code prefixBytes} bytes of every message. */
    ServerFrameScanner(int prefixBytes) {
        this.prefix = new byte[prefixBytes];
    }

    /** Whether the scanner is between frames. */
    boolean atFrameBoundary() {
        return !inPayload && headerHave == 0;
    }

    /** Consumes everything remaining in {@code in}, reporting what completes. */
    void scan(ByteBuffer in, Sink sink) {
        while (in.hasRemaining()) {
            if (!inPayload) {
                while (headerHave < headerNeed && in.hasRemaining()) {
                    header[headerHave++] = in.get();
                }
                if (headerHave < headerNeed) {
                    return;
                }
                if (headerHave == 2) {
                    int len7 = header[1] & Rfc6455.LENGTH_BITS;
                    masked = (header[1] & Rfc6455.MASK) != 0;
                    headerNeed = 2 + (len7 == Rfc6455.LENGTH_16 ? 2 : len7 == Rfc6455.LENGTH_64 ? 8 : 0)
                            + (masked ? 4 : 0);
                    if (headerNeed > 2) {
                        continue;
                    }
                }
                startFrame();
                if (left == 0) {
                    endFrame(sink);
                    continue;
                }
            }
            int n = (int) Math.min(left, in.remaining());
            int at = in.position();
            long offset = frameLength - left;
            if (opcode >= 8) {
                in.get(at, control, controlHave, n);
                unmask(control, controlHave, n, offset);
                controlHave += n;
            } else {
                int take = Math.min(n, prefix.length - prefixHave);
                if (take > 0) {
                    in.get(at, prefix, prefixHave, take);
                    unmask(prefix, prefixHave, take, offset);
                    prefixHave += take;
                }
                messageLength += n;
            }
            in.position(at + n);
            left -= n;
            if (left == 0) {
                endFrame(sink);
            }
        }
    }

    private void startFrame() {
        int len7 = header[1] & Rfc6455.LENGTH_BITS;
        int i = 2;
        long length;
        if (len7 == Rfc6455.LENGTH_16) {
            length = (header[2] & 0xFF) << 8 | header[3] & 0xFF;
            i = 4;
        } else if (len7 == Rfc6455.LENGTH_64) {
            length = 0;
            for (; i < 10; i++) {
                length = length << 8 | header[i] & 0xFF;
            }
        } else {
            length = len7;
        }
        if (masked) {
            maskKey = (header[i] & 0xFF) << 24 | (header[i + 1] & 0xFF) << 16 | (header[i + 2] & 0xFF) << 8
                    | header[i + 3] & 0xFF;
        }
        opcode = header[0] & Rfc6455.OPCODE_BITS;
        fin = (header[0] & Rfc6455.FIN) != 0;
        frameLength = length;
        left = length;
        if (opcode >= 8) {
            controlHave = 0;
        } else if (opcode != 0) {
            messageOpcode = opcode;
            messageLength = 0;
            prefixHave = 0;
        }
        inPayload = true;
        headerHave = 0;
        headerNeed = 2;
    }

    private void endFrame(Sink sink) {
        inPayload = false;
        if (opcode >= 8) {
            sink.control(opcode, control, controlHave);
        } else if (fin) {
            sink.message(messageOpcode, messageLength, prefix, prefixHave);
        }
    }

    /** Unmasks {@code bytes[from..+n]}, which start {@code offset} bytes into the frame's payload. */
    private void unmask(byte[] bytes, int from, int n, long offset) {
        if (!masked) {
            return;
        }
        for (int k = 0; k < n; k++) {
            int keyIndex = (int) ((offset + k) & 3);
            bytes[from + k] ^= (byte) (maskKey >>> (24 - 8 * keyIndex));
        }
    }
}

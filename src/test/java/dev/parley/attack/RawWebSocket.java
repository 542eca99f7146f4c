package dev.parley.attack;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.zip.Deflater;

import dev.parley.wire.Bytes;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameDecoder;
import dev.parley.wire.FrameEncoder;
import dev.parley.wire.FrameRules;
import dev.parley.wire.Handshake;
import dev.parley.wire.HttpHead;
import dev.parley.wire.HttpHeaders;
import dev.parley.wire.MaskKeys;
import dev.parley.wire.Opcode;
import dev.parley.wire.Rfc6455;
import dev.parley.wire.Role;
import dev.parley.wire.UpgradeResponse;

/**
 * An attacker's WebSocket connection with the project's codec, from a chosen local address: the upgrade request may
 * carry bytes after it in the same write, frames go out exactly as built (RSV1 and all), frames come back one by one
 * as the server sent them (not inflated).
 */
final class RawWebSocket implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private static final FrameEncoder ENCODER = FrameEncoder.client(MaskKeys.secure());
    private final FrameDecoder decoder = new FrameDecoder(new FrameRules(Role.CLIENT, 64L << 20, Rfc6455.RSV1));
    private ByteBuffer buffered;
    private Frame pushedBack;
    final UpgradeResponse response;

    private RawWebSocket(Socket socket, UpgradeResponse response, byte[] rest) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.response = response;
        buffered = ByteBuffer.allocate(Math.max(1 << 16, rest.length)).put(rest).flip();
    }

    /**
     * Connects from {@code local} to 127.0.0.1:{@code port}, sends the upgrade of {@code path} (offering
     * permessage-deflate if {@code deflate}) followed by {@code pipelined} in the same write, and reads the 101.
     */
    static RawWebSocket open(String local, int port, String path, boolean deflate, byte[] pipelined)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 20_000);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return upgrade(socket, port, path, deflate, pipelined);
    }

    /** As {@link #open} on a socket already connected to 127.0.0.1:{@code port} (a TLS one, say); closes it if it fails. */
    static RawWebSocket upgrade(Socket socket, int port, String path, boolean deflate, byte[] pipelined)
            throws IOException {
        try {
            socket.setSoTimeout(20_000);
            HttpHeaders extra = deflate ? HttpHeaders.EMPTY.with("Sec-WebSocket-Extensions", "permessage-deflate")
                    : HttpHeaders.EMPTY;
            byte[] request = Handshake.clientRequest("127.0.0.1:" + port, path, extra, new SecureRandom()).toBytes();
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            first.writeBytes(request);
            first.writeBytes(pipelined);
            socket.getOutputStream().write(first.toByteArray());
            byte[] head = new byte[HttpHead.MAX_HEAD];
            int filled = 0;
            int length;
            while ((length = HttpHead.length(head, 0, filled)) < 0) {
                int n = socket.getInputStream().read(head, filled, head.length - filled);
                if (n < 0) {
                    throw new EOFException("closed during the handshake");
                }
                filled += n;
            }
            UpgradeResponse response = UpgradeResponse.parse(head, 0, length);
            if (response.status() != 101) {
                throw new IOException("not 101: " + response.toText());
            }
            return new RawWebSocket(socket, response, java.util.Arrays.copyOfRange(head, length, filled));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** One frame as a client masks it. */
    static byte[] frame(boolean fin, boolean rsv1, Opcode opcode, byte[] payload) {
        return ENCODER.encode(new Frame(fin, rsv1, false, false, opcode, Bytes.of(payload)));
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Bytes the server has sent that are not read yet (a close frame waiting, for one). */
    int waiting() throws IOException {
        return (pushedBack == null ? 0 : 1) + buffered.remaining() + in.available();
    }

    /** The next frame if it is a control frame; otherwise null, and the frame is the next {@link #read}'s. */
    Frame peekControl() throws IOException {
        Frame frame = read();
        if (frame.isControl()) {
            return frame;
        }
        pushedBack = frame;
        return null;
    }

    /** The next frame the server sent. */
    Frame read() throws IOException {
        if (pushedBack != null) {
            Frame frame = pushedBack;
            pushedBack = null;
            return frame;
        }
        while (true) {
            Frame frame = decoder.decode(buffered);
            if (frame != null) {
                return frame;
            }
            buffered.compact();
            if (!buffered.hasRemaining()) {
                buffered = ByteBuffer.allocate(buffered.capacity() * 2).put(buffered.flip());
            }
            int n;
            try {
                n = in.read(buffered.array(), buffered.position(), buffered.remaining());
            } finally {
                buffered.flip();
            }
            if (n < 0) {
                throw new EOFException("server closed the connection");
            }
            buffered.limit(buffered.limit() + n);
        }
    }

    /** A data message the server sent: its opcode and payload, inflated if it came compressed. */
    record Message(Opcode opcode, byte[] payload) {
        String text() {
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The next data message (its frames assembled, inflated if RSV1 was set); a control frame before it fails. */
    Message readMessage() throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        Frame first = read();
        Frame frame = first;
        while (true) {
            if (frame.isControl()) {
                throw new IOException("expected a data frame, got " + frame.opcode());
            }
            payload.writeBytes(frame.payload().toByteArray());
            if (frame.fin()) {
                break;
            }
            frame = read();
        }
        byte[] bytes = payload.toByteArray();
        return new Message(first.opcode(), first.rsv1() ? inflated(bytes) : bytes);
    }

    /** RFC 7692 §7.2.2: the 00 00 FF FF tail appended, then inflated raw. */
    private static byte[] inflated(byte[] compressed) throws IOException {
        byte[] input = java.util.Arrays.copyOf(compressed, compressed.length + 4);
        input[input.length - 2] = (byte) 0xff;
        input[input.length - 1] = (byte) 0xff;
        java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        try {
            inflater.setInput(input);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[64 * 1024];
            while (!inflater.needsInput()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && inflater.needsInput()) {
                    break;
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (java.util.zip.DataFormatException e) {
            throw new IOException("the server's compressed message does not inflate", e);
        } finally {
            inflater.end();
        }
    }

    /**
     * Reads what the server has sent so far without waiting for more: the code of its close frame if one came,
     * otherwise empty; data and control frames before it are passed to {@code other}.
     */
    java.util.OptionalInt closeIfSent(java.util.function.Consumer<Frame> other) throws IOException {
        while (waiting() > 0) {
            Frame frame = read();
            if (frame.opcode() == Opcode.CLOSE) {
                return java.util.OptionalInt.of(CloseStatus.parse(frame.payload()).code());
            }
            other.accept(frame);
        }
        return java.util.OptionalInt.empty();
    }

    /** The close code of the next frame, which must be a close frame. */
    int readCloseCode() throws IOException {
        Frame frame = read();
        if (frame.opcode() != Opcode.CLOSE) {
            throw new IOException("expected a close frame, got " + frame.opcode());
        }
        return CloseStatus.parse(frame.payload()).code();
    }

    /** {@code message} deflated raw with a sync flush, its 00 00 FF FF tail stripped (RFC 7692 §7.2.1). */
    static byte[] deflated(byte[] message) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(message);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[64 * 1024];
            int n;
            do {
                n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                out.write(chunk, 0, n);
            } while (n == chunk.length);
            byte[] bytes = out.toByteArray();
            return java.util.Arrays.copyOf(bytes, bytes.length - 4);
        } finally {
            deflater.end();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package dev.parley.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;

import dev.parley.wire.Frame;
import dev.parley.wire.FrameDecoder;
import dev.parley.wire.FrameEncoder;
import dev.parley.wire.FrameRules;
import dev.parley.wire.Handshake;
import dev.parley.wire.HttpHead;
import dev.parley.wire.HttpHeaders;
import dev.parley.wire.MaskKeys;
import dev.parley.wire.Rfc6455;
import dev.parley.wire.Role;
import dev.parley.wire.UpgradeRequest;
import dev.parley.wire.UpgradeResponse;

/**
 * A blocking WebSocket client on a bare socket, built on {@code dev.parley.wire}: it can send well-formed frames
 * (masked, as a client must) or any bytes at all, and reads back exactly what the server put on the wire. It is
 * the instrument of the conformance tests, the inspector and the load generator, not a general-purpose client.
 */
public final class RawClient implements AutoCloseable {
    /** Largest server frame it will read; a conformance client has no reason to accept more. */
    private static final long MAX_FRAME = 64L << 20;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final FrameEncoder encoder;
    private final FrameDecoder decoder;
    private final UpgradeResponse handshake;
    private ByteBuffer buffered = ByteBuffer.allocate(64 * 1024).flip();

    private RawClient(Socket socket, MaskKeys keys, UpgradeResponse handshake, ByteBuffer leftover)
            throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.encoder = FrameEncoder.client(keys);
        // RFC 7692 §6: permessage-deflate gives RSV1 its meaning ("Per-Message Compressed" bit); only when the server
        // accepted it (Handshake.checkResponse has made sure it was offered). Anything else with RSV bits stays 1002.
        int allowedRsv = DeflateHandshake.accepted(handshake) ? Rfc6455.RSV1 : 0;
        this.decoder = new FrameDecoder(new FrameRules(Role.CLIENT, MAX_FRAME, allowedRsv));
        this.handshake = handshake;
        this.buffered = leftover;
    }

    /** Opens {@code ws://host:port/path} with random masks; every read waits at most {@code timeout}. */
    public static RawClient connect(URI uri, Duration timeout) throws IOException {
        return connect(uri, timeout, MaskKeys.secure());
    }

    /** As {@link #connect(URI, Duration)} with the given masking keys (fixed keys give repeatable bytes). */
    public static RawClient connect(URI uri, Duration timeout, MaskKeys keys) throws IOException {
        return connect(uri, timeout, keys, HttpHeaders.EMPTY);
    }

    /**
     * Sends an opening handshake with {@code extra} header fields and returns the server's answer unchecked, then
     * closes: the way to see the status and headers of a refused upgrade.
     */
    public static UpgradeResponse tryUpgrade(URI uri, HttpHeaders extra, Duration timeout) throws IOException {
        try (Socket socket = open(uri, timeout)) {
            socket.getOutputStream().write(request(uri, extra).toBytes());
            ByteBuffer received = ByteBuffer.allocate(HttpHead.MAX_HEAD);
            int headLength = readHead(socket.getInputStream(), received);
            return UpgradeResponse.parse(received.array(), 0, headLength);
        }
    }

    /** As {@link #connect(URI, Duration, MaskKeys)}, with {@code extra} header fields in the handshake. */
    public static RawClient connect(URI uri, Duration timeout, MaskKeys keys, HttpHeaders extra)
            throws IOException {
        return handshake(open(uri, timeout), uri, keys, extra);
    }

    /**
     * Opens a WebSocket on a socket already connected to {@code uri}'s server, such as a TLS socket for a
     * {@code wss://} URI; every read waits at most {@code timeout}. The socket is closed if the handshake fails.
     */
    public static RawClient over(Socket connected, URI uri, Duration timeout) throws IOException {
        try {
            connected.setSoTimeout((int) timeout.toMillis());
        } catch (IOException e) {
            connected.close();
            throw e;
        }
        return handshake(connected, uri, MaskKeys.secure(), HttpHeaders.EMPTY);
    }

    private static RawClient handshake(Socket socket, URI uri, MaskKeys keys, HttpHeaders extra)
            throws IOException {
        try {
            UpgradeRequest request = request(uri, extra);
            socket.getOutputStream().write(request.toBytes());
            ByteBuffer received = ByteBuffer.allocate(HttpHead.MAX_HEAD);
            int headLength = readHead(socket.getInputStream(), received);
            UpgradeResponse response = UpgradeResponse.parse(received.array(), 0, headLength);
            Handshake.checkResponse(request, response);
            ByteBuffer leftover = ByteBuffer.allocate(64 * 1024);
            leftover.put(received.array(), headLength, received.position() - headLength).flip();
            return new RawClient(socket, keys, response, leftover);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static Socket open(URI uri, Duration timeout) throws IOException {
        if (!"ws".equals(uri.getScheme())) {
            throw new IllegalArgumentException("only ws:// URIs: " + uri);
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) timeout.toMillis());
            socket.connect(new InetSocketAddress(uri.getHost(), port(uri)), (int) timeout.toMillis());
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static UpgradeRequest request(URI uri, HttpHeaders extra) {
        String target = uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            target += "?" + uri.getRawQuery();
        }
        return Handshake.clientRequest(uri.getHost() + ":" + port(uri), target, extra, new SecureRandom());
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "wss".equals(uri.getScheme()) ? 443 : 80;
    }

    /** Reads until the blank line that ends the response head; returns the head's length (bytes may follow). */
    private static int readHead(InputStream in, ByteBuffer received) throws IOException {
        while (true) {
            int length = HttpHead.length(received.array(), 0, received.position());
            if (length > 0) {
                return length;
            }
            if (!received.hasRemaining()) {
                throw new IOException("handshake response head over " + HttpHead.MAX_HEAD + " bytes");
            }
            int n = in.read(received.array(), received.position(), received.remaining());
            if (n < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            received.position(received.position() + n);
        }
    }

    /** The server's 101 response. */
    public UpgradeResponse handshake() {
        return handshake;
    }

    /** Sends one frame, masked as the client role requires. */
    public void send(Frame frame) throws IOException {
        out.write(encoder.encode(frame));
        out.flush();
    }

    /** Sends these bytes as they are: the way to put a malformed frame on the wire. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * The next frame the server sent, checked by the client-side decoder (server frames must not be masked, RSV
     * bits must be clear, control frames short and whole...), with how many bytes it took on the wire.
     *
     * @throws EOFException            if the server closed the connection first
     * @throws SocketTimeoutException  if nothing complete came within the timeout
     * @throws dev.parley.wire.ProtocolViolation if the server's bytes break RFC 6455
     */
    public Received read() throws IOException {
        long consumed = 0; // the decoder keeps partial frames, so a frame's bytes may span several reads
        while (true) {
            int before = buffered.position();
            Frame frame = decoder.decode(buffered);
            consumed += buffered.position() - before;
            if (frame != null) {
                return new Received(frame, consumed);
            }
            fill();
        }
    }

    /** Whether the server has closed the TCP connection: true at end of stream, false if bytes are still coming. */
    public boolean awaitEndOfStream() throws IOException {
        while (true) {
            if (buffered.hasRemaining()) {
                return false;
            }
            buffered.clear();
            int n;
            try {
                n = in.read(buffered.array(), 0, buffered.capacity());
            } finally {
                buffered.flip();
            }
            if (n < 0) {
                return true;
            }
            buffered.limit(n);
        }
    }

    private void fill() throws IOException {
        buffered.compact();
        if (!buffered.hasRemaining()) {
            buffered = ByteBuffer.allocate(buffered.capacity() * 2).put(buffered.flip());
        }
        int n;
        try {
            n = in.read(buffered.array(), buffered.position(), buffered.remaining());
        } finally {
            // keep the buffer in read mode whatever happened
            buffered.flip();
        }
        if (n < 0) {
            throw new EOFException("server closed the connection");
        }
        buffered.limit(buffered.limit() + n);
    }

    /** Drops the TCP connection without a close frame. */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * A frame as received.
     *
     * @param wireLength bytes it took on the wire, header and payload
     */
    public record Received(Frame frame, long wireLength) {
        /** Bytes of header: wire length less payload. */
        public long headerLength() {
            return wireLength - frame.payload().size();
        }

        @Override
        public String toString() {
            return frame + " (" + wireLength + " bytes on the wire)";
        }
    }

}

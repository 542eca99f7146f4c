package dev.parley.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client on a bare socket that completes the handshake and then reads nothing until told to: the
 * slow consumer. Its receive buffer is made small so the server's writes back up quickly.
 */
public final class StalledReader implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;

    private StalledReader(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    public static StalledReader connect(URI ws) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.setSoTimeout(20_000);
        socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 5_000);
        String key = Base64.getEncoder().encodeToString("stalled-reader-1".getBytes(StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream();
        String target = ws.getRawQuery() == null ? ws.getRawPath() : ws.getRawPath() + "?" + ws.getRawQuery();
        out.write(("GET " + target + " HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        StalledReader reader = new StalledReader(socket);
        String head = reader.readHead();
        assertTrue(head.startsWith("HTTP/1.1 101"), "handshake refused: " + head);
        return reader;
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            head.write(in.readUnsignedByte());
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Sends one short text message as a masked client frame (the reader still reads nothing). */
    public void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("short messages only");
        }
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81; // FIN, text
        frame[1] = (byte) (0x80 | payload.length); // masked, 7-bit length
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        socket.getOutputStream().write(frame);
        socket.getOutputStream().flush();
    }

    /** Starts reading at last: skips data frames and returns the status code of the server's close frame. */
    public int readUntilCloseCode() throws IOException {
        Ending ending = readToEnd();
        if (ending.closeCode() == Ending.NO_CLOSE_FRAME) {
            throw new EOFException("end of stream without a close frame, after " + ending.dataBytes() + " bytes");
        }
        return ending.closeCode();
    }

    /**
     * Starts reading at last and reads until the server's close frame or the end of the stream: what the server
     * had buffered for this client (its socket buffers, and whatever the server still held), then how it ended.
     */
    public Ending readToEnd() throws IOException {
        long data = 0;
        try {
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                if ((first & 0x0F) == 0x8) {
                    return new Ending(data, length >= 2 ? in.readUnsignedShort() : 1005);
                }
                in.skipNBytes(length);
                data += length;
            }
        } catch (EOFException endOfStream) {
            return new Ending(data, Ending.NO_CLOSE_FRAME);
        }
    }

    /**
     * How a stalled reader's connection ended once it read again.
     *
     * @param dataBytes payload bytes of the data frames before the end
     * @param closeCode the status code of the server's close frame, or {@link #NO_CLOSE_FRAME} if the stream just
     *                  ended (what a WebSocket client reports as 1006)
     */
    public record Ending(long dataBytes, int closeCode) {
        public static final int NO_CLOSE_FRAME = -1;
    }

    /** Drops the TCP connection without a close frame. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}

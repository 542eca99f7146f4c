package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import org.glassfish.tyrus.server.Server;
import org.junit.jupiter.api.Test;

import dev.parley.session.Limits;
import dev.parley.session.OutboundDeflate;
import dev.parley.session.OutboundMessage;
import dev.parley.session.OutboundQueue;
import dev.parley.session.Sessions;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.DeflateParameters;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameDecoder;
import dev.parley.wire.FrameEncoder;
import dev.parley.wire.FrameRules;
import dev.parley.wire.Handshake;
import dev.parley.wire.HttpHead;
import dev.parley.wire.MaskKeys;
import dev.parley.wire.MessageInflater;
import dev.parley.wire.Rfc6455;
import dev.parley.wire.Role;
import dev.parley.wire.UpgradeRequest;
import dev.parley.wire.UpgradeResponse;

/**
 * The deflating sinks driven by real Tyrus sessions and their {@link OutboundQueue}s (asynchronous completions from
 * Grizzly): what reaches a raw-socket client is a valid permessage-deflate stream with server context takeover, in
 * queue order; a second session beyond the bound of one deflater gets the shared no-context frames; closing frees
 * the deflater. Negotiation is not in this path (the parameters are given), only the outbound frames.
 */
class TyrusDeflateSinkIT {
    static final OutboundDeflate DEFLATE = new OutboundDeflate(128, 1);
    static final Optional<DeflateParameters> CONTEXT = Optional.of(
            new DeflateParameters(15, 15, false, false, false, false));
    static final Sessions SESSIONS = new Sessions(Limits.DEFAULTS, TyrusFrames.sinks(DEFLATE, session -> CONTEXT));
    static final CountDownLatch CLOSED = new CountDownLatch(2);
    static final List<byte[]> MESSAGES = messages();

    @ServerEndpoint("/deflate")
    public static class Sender {
        @OnOpen
        public void open(Session session) {
            OutboundQueue queue = SESSIONS.outbound(session);
            for (int i = 0; i < MESSAGES.size(); i++) {
                assertTrue(queue.send(i % 4 == 2 ? OutboundMessage.binary(ByteBuffer.wrap(MESSAGES.get(i)))
                        : OutboundMessage.text(new String(MESSAGES.get(i), StandardCharsets.UTF_8))));
            }
        }

        @OnClose
        public void close(Session session, CloseReason reason) {
            SESSIONS.closed(session, reason);
            CLOSED.countDown();
        }
    }

    @Test
    void aContextTakeoverSessionAndOneBeyondTheBoundBothReadEveryMessageInOrder() throws Exception {
        Server server = new Server("127.0.0.1", 0, "/", Map.of(), Sender.class);
        server.start();
        try (Socket owner = connect(server.getPort())) {
            List<Frame> owned = readAll(owner); // the first session takes the one deflater
            Socket beyond = connect(server.getPort());
            List<Frame> shared = readAll(beyond);
            assertEquals(1, DEFLATE.contextDeflaters());
            for (int i = 0; i < MESSAGES.size(); i++) {
                assertEquals(i % 4 != 0, owned.get(i).rsv1(), "message " + i + ": compressed from 128 B up");
                assertEquals(i % 4 == 1 || i % 4 == 3, shared.get(i).rsv1(), "message " + i + ": shared frame");
            }
            // The repeats (i % 4 == 3) refer back to earlier messages only on the session with its own deflater.
            assertTrue(owned.get(7).payload().size() < shared.get(7).payload().size() / 4);
            close(owner);
            close(beyond);
            assertTrue(CLOSED.await(30, TimeUnit.SECONDS));
            beyond.close();
            assertEquals(0, DEFLATE.contextDeflaters());
        } finally {
            server.stop();
        }
    }

    private static List<byte[]> messages() {
        List<byte[]> messages = new ArrayList<>();
        Random random = new Random(18);
        StringBuilder notice = new StringBuilder(); // hex: halves alone, next to nothing against an earlier copy
        for (int i = 0; i < 100; i++) {
            notice.append(Long.toHexString(random.nextLong()));
        }
        for (int i = 0; i < 40; i++) {
            byte[] message = switch (i % 4) {
                case 0 -> ("short " + i).getBytes(StandardCharsets.UTF_8);
                case 1 -> ("{\"type\":\"message\",\"from\":\"user" + i + "\",\"text\":\"" + "grüße ".repeat(100 + i)
                        + "\"}").getBytes(StandardCharsets.UTF_8);
                case 2 -> new byte[3000];
                default -> ("{\"type\":\"notice\",\"text\":\"" + notice + "\"}").getBytes(StandardCharsets.UTF_8);
            };
            if (i % 4 == 2) {
                random.nextBytes(message);
            }
            messages.add(message);
        }
        return messages;
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        UpgradeRequest request = Handshake.clientRequest("127.0.0.1:" + port, "/deflate", new SecureRandom());
        socket.getOutputStream().write(request.toBytes());
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        while (HttpHead.length(head.toByteArray(), 0, head.size()) < 0) { // one byte at a time: no frame bytes taken
            int b = in.read();
            assertTrue(b >= 0 && head.size() < HttpHead.MAX_HEAD, "no 101");
            head.write(b);
        }
        Handshake.checkResponse(request, UpgradeResponse.parse(head.toByteArray(), 0, head.size()));
        return socket;
    }

    /** Every message the server sends, as frames, each checked to inflate (with context kept) to what was sent. */
    private static List<Frame> readAll(Socket socket) throws IOException {
        FrameDecoder decoder = new FrameDecoder(new FrameRules(Role.CLIENT, 1 << 20, Rfc6455.RSV1));
        MessageInflater inflater = new MessageInflater(1 << 20, false, 8192);
        List<Frame> frames = new ArrayList<>();
        byte[] buffer = new byte[16384];
        ByteBuffer pending = ByteBuffer.allocate(0);
        while (frames.size() < MESSAGES.size()) {
            Frame frame = decoder.decode(pending);
            if (frame == null) {
                int n = socket.getInputStream().read(buffer);
                assertTrue(n > 0, "closed after " + frames.size() + " frames");
                pending = ByteBuffer.wrap(buffer, 0, n);
                continue;
            }
            byte[] message = frame.payload().toByteArray();
            if (frame.rsv1()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                inflater.inflate(ByteBuffer.wrap(message), out::write);
                inflater.endMessage(out::write);
                message = out.toByteArray();
            }
            assertArrayEquals(MESSAGES.get(frames.size()), message, "message " + frames.size());
            frames.add(frame);
        }
        inflater.close();
        return frames;
    }

    private static void close(Socket socket) throws IOException {
        socket.getOutputStream().write(FrameEncoder.client(MaskKeys.secure()).encode(
                Frame.close(new CloseStatus(1000, ""))));
    }
}

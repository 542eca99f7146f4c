import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import dev.parley.wire.Handshake;
import dev.parley.wire.HandshakeRejected;
import dev.parley.wire.HttpHead;
import dev.parley.wire.UpgradeRequest;

/**
 * The calibration floor of the side-by-side benchmark: a real opening handshake (Parley's codec), then every byte
 * the client sends goes back verbatim (masked frames included: the load generator accepts them). Zero work per
 * message beyond one read and one write, so its figures are the harness's ceiling. No broadcast. One thread.
 * Usage: java -cp target/classes peers/floor/FloorServer.java PORT
 */
public final class FloorServer {
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8025;
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        System.out.println("floor on ws://127.0.0.1:" + port + " (any path: every byte echoed, no broadcast)");
        while (true) {
            selector.select(key -> {
                try {
                    if (key.isAcceptable()) {
                        SocketChannel ch;
                        while ((ch = server.accept()) != null) {
                            ch.configureBlocking(false);
                            ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                            ch.register(selector, SelectionKey.OP_READ, new Conn());
                        }
                        return;
                    }
                    ((Conn) key.attachment()).ready(key);
                } catch (IOException | RuntimeException e) {
                    key.cancel();
                    try {
                        key.channel().close();
                    } catch (IOException ignored) {
                        // gone
                    }
                }
            });
        }
    }

    private static final class Conn {
        ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
        boolean upgraded;

        void ready(SelectionKey key) throws IOException {
            SocketChannel ch = (SocketChannel) key.channel();
            if (key.isWritable()) {
                write(key, ch);
                return;
            }
            int n = ch.read(buffer);
            if (n < 0) {
                key.cancel();
                ch.close();
                return;
            }
            if (upgraded) {
                write(key, ch);
                return;
            }
            byte[] bytes = new byte[buffer.position()];
            buffer.flip().get(bytes);
            int head = HttpHead.length(bytes, 0, bytes.length);
            if (head < 0) {
                buffer.clear().put(bytes);
                return;
            }
            byte[] answer;
            try {
                answer = Handshake.accept(UpgradeRequest.parse(bytes, 0, head)).toBytes();
            } catch (HandshakeRejected e) {
                ch.close();
                return;
            }
            upgraded = true;
            buffer = ByteBuffer.allocateDirect(16 * 1024);
            buffer.put(answer).put(bytes, head, bytes.length - head);
            write(key, ch);
        }

        /** Writes what is buffered; while some is left, stops reading (back-pressure) and waits to write. */
        private void write(SelectionKey key, SocketChannel ch) throws IOException {
            buffer.flip();
            ch.write(buffer);
            boolean left = buffer.hasRemaining();
            buffer.compact();
            key.interestOps(left ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }
}

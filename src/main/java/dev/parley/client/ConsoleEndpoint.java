package dev.parley.client;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

/**
 * One connection of {@code parley client}: prints every message that arrives (text as it is, binary as hex) and
 * reports the close, tagged with the connection's number, to the command's event queue.
 */
final class ConsoleEndpoint extends Endpoint {
    private final int connection;
    private final PrintWriter out;
    private final PrintWriter err;
    private final BlockingQueue<ClientEvent> events;

    ConsoleEndpoint(int connection, PrintWriter out, PrintWriter err, BlockingQueue<ClientEvent> events) {
        this.connection = connection;
        this.out = out;
        this.err = err;
        this.events = events;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        // No idle timeout: Tyrus would schedule a timer task per message, and a send racing the close of a
        // session the server refused would then hit a scheduler being shut down (RejectedExecutionException).
        session.setMaxIdleTimeout(-1);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::print);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) this::print);
    }

    private void print(String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    private void print(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        print(formatBinary(bytes));
    }

    /** How a binary message is shown: {@code [binary 3 bytes] 010203}. */
    static String formatBinary(byte[] bytes) {
        return "[binary " + bytes.length + " bytes] " + HexFormat.of().formatHex(bytes);
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        events.add(new ClientEvent.Closed(connection, reason));
    }

    @Override
    public void onError(Session session, Throwable error) {
        synchronized (err) {
            err.println("parley client: " + ClientErrors.describe(error));
            err.flush();
        }
    }
}

package dev.parley.socketio;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.parley.engineio.EngineHandler;
import dev.parley.engineio.EngineRequest;
import dev.parley.engineio.EngineSocket;
import dev.parley.session.MemoryBudget;

/**
 * The Engine.IO seam as the protocol core sees it, recording what goes out: texts as they are, binary as
 * {@code bin:<hex>}. {@code refuse} makes sends fail as a full buffer would; {@code explode} makes them throw.
 */
final class RecordingEngine implements EngineSocket {
    final List<String> sent = new ArrayList<>();
    final String id;
    String closedWith;
    boolean refuse;
    boolean explode;
    EngineHandler.Connection connection;
    /** The inbound budget its share is of (unlimited unless a test gives one). */
    final MemoryBudget budget;
    final MemoryBudget.Share inbound;
    long refusedBytes;

    RecordingEngine(String id) {
        this(id, MemoryBudget.unlimited("inbound"));
    }

    RecordingEngine(String id, MemoryBudget budget) {
        this.id = id;
        this.budget = budget;
        this.inbound = budget.share();
    }

    /** Opens a connection on {@code handler}, as Engine.IO does after its handshake. */
    static RecordingEngine open(EngineHandler handler, String id) {
        RecordingEngine engine = new RecordingEngine(id);
        engine.connection = handler.open(engine);
        return engine;
    }

    void text(String message) {
        connection.message(message);
    }

    void binary(byte... message) {
        connection.message(message);
    }

    /** What was sent since the last call. */
    synchronized List<String> take() {
        List<String> out = List.copyOf(sent);
        sent.clear();
        return out;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String transport() {
        return "websocket";
    }

    @Override
    public EngineRequest request() {
        return new EngineRequest(Map.of("Origin", List.of("http://localhost")), Map.of("EIO", List.of("4")),
                "127.0.0.1");
    }

    @Override
    public synchronized boolean send(String text) {
        return send(List.of(text));
    }

    @Override
    public synchronized boolean send(byte[] data) {
        return send(List.of(data));
    }

    @Override
    public synchronized boolean send(List<Object> textsAndByteArrays) {
        if (explode) {
            throw new IllegalStateException("boom");
        }
        if (closedWith != null || refuse) {
            return false;
        }
        for (Object item : textsAndByteArrays) {
            sent.add(item instanceof byte[] bytes ? "bin:" + HexFormat.of().formatHex(bytes) : (String) item);
        }
        return true;
    }

    @Override
    public void close(String reason) {
        synchronized (this) {
            if (closedWith != null) {
                return;
            }
            closedWith = reason;
        }
        connection.closed(reason);
    }

    @Override
    public synchronized boolean isOpen() {
        return closedWith == null;
    }

    @Override
    public MemoryBudget.Share inbound() {
        return inbound;
    }

    @Override
    public void inboundRefused(long bytes) {
        refusedBytes = bytes;
        close(SERVER_BUSY);
    }
}

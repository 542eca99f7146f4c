package dev.parley.soak;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import dev.parley.json.JsonText;
import dev.parley.client.RawClient;
import dev.parley.wire.Frame;
import dev.parley.wire.Opcode;
import dev.parley.wire.ProtocolViolation;

/**
 * One attack of the soak, run on its own thread from its own loopback address (so the per-address limits it meets are
 * its own, not the chat clients'), alongside the chat clients, until {@link #stop}. Each attack holds a bounded number
 * of connections and counts what the server did to them. Everything it opens is closed by {@link #stop}, which also
 * unblocks a write the server never takes.
 */
abstract class Attack implements Runnable {
    private final String name;
    final InetSocketAddress server;
    final InetAddress local;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    Attack(String name, InetSocketAddress server, InetAddress local) {
        this.name = name;
        this.server = server;
        this.local = local;
    }

    String name() {
        return name;
    }

    boolean running() {
        return !stopped;
    }

    void stop() {
        stopped = true;
        for (Socket socket : sockets) {
            quietly(socket);
        }
    }

    void count(String what) {
        count(what, 1);
    }

    void count(String what, long n) {
        counts.computeIfAbsent(what, k -> new LongAdder()).add(n);
    }

    Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    @Override
    public final void run() {
        try {
            attack();
        } catch (IOException | RuntimeException e) {
            if (running()) {
                count("attack-failed-" + e.getClass().getSimpleName());
            }
        }
    }

    /** Attacks until stopped; may throw only when stopped (its sockets were closed under it). */
    abstract void attack() throws IOException;

    /** A TCP connection from this attack's address; closed by {@link #stop} if still open. */
    Socket socket(int receiveBuffer, Duration readTimeout) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        try {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer); // before connecting, so the window is small from the start
            }
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(server, 5_000);
            return socket;
        } catch (IOException e) {
            forget(socket);
            throw e;
        }
    }

    /** An open WebSocket of an attack and its socket. */
    record Ws(RawClient client, Socket socket) {
    }

    /** A WebSocket to {@code target} over {@link #socket}; null (counted) if the server refused it. */
    Ws websocket(String target, int receiveBuffer, Duration readTimeout) {
        Socket socket = null;
        try {
            socket = socket(receiveBuffer, readTimeout);
            URI uri = URI.create("ws://" + server.getHostString() + ":" + server.getPort() + target);
            return new Ws(RawClient.over(socket, uri, readTimeout), socket);
        } catch (IOException | RuntimeException e) {
            if (running()) {
                count("refused-" + e.getClass().getSimpleName());
            }
            if (socket != null) {
                forget(socket);
            }
            return null;
        }
    }

    void forget(Ws ws) {
        forget(ws.socket());
    }

    void forget(Socket socket) {
        sockets.remove(socket);
        quietly(socket);
    }

    /** The next frame that is not a ping; pings are answered, as any live client would (else: closed 4408). */
    static Frame read(RawClient client) throws IOException {
        while (true) {
            Frame frame = client.read().frame();
            if (frame.opcode() != Opcode.PING) {
                return frame;
            }
            client.send(Frame.pong(frame.payload()));
        }
    }

    /** A text frame from the chat as a JSON object; an empty one if it is not one (a chat answer always is). */
    static JsonObject answer(String text) {
        try {
            return JsonText.readObject(text);
        } catch (JsonException e) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
    }

    /**
     * Reads until the server's close frame and returns its code, or how the connection ended instead ("eof",
     * "reset", "timeout", "stopped"). Text frames on the way are passed to {@code texts} (may be null).
     */
    String closeOf(RawClient client, java.util.function.Consumer<String> texts) {
        try {
            while (true) {
                Frame frame = client.read().frame();
                if (frame.opcode() == Opcode.CLOSE) {
                    return Integer.toString(frame.closeStatus().code());
                }
                if (frame.opcode() == Opcode.TEXT && texts != null) {
                    texts.accept(frame.text());
                }
            }
        } catch (EOFException e) {
            return "eof";
        } catch (SocketTimeoutException e) {
            return "timeout";
        } catch (SocketException e) {
            return running() ? "reset" : "stopped";
        } catch (IOException | ProtocolViolation e) {
            return running() ? "bad-" + e.getClass().getSimpleName() : "stopped";
        }
    }

    /** Sleeps, unless stopped; false once stopped. Pacing, not synchronisation. */
    boolean pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
        return running();
    }

    private static void quietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}

package dev.parley.socketio;

import java.time.Duration;

import dev.parley.engineio.Scheduler;

/**
 * The server the socket.io-protocol {@code test-suite/} expects at {@code /socket.io/} (its README's reference
 * configuration): namespaces {@code "/"} and {@code "/custom"}, each sending {@code "auth"} with the CONNECT payload
 * on connect; on {@code "/"}, {@code "message"} echoed as {@code "message-back"} with the same arguments (binary
 * ones included) and {@code "message-with-ack"} answered through its ack with the same arguments. The suite also
 * wants Engine.IO with pingInterval 300 ms, pingTimeout 200 ms, maxPayload 1000000 and CORS origin {@code *}: the
 * Engine.IO side's settings.
 */
public final class SuiteFixture {
    /**
     * How long a connection may go without a Socket.IO CONNECT: more than the suite's heartbeat tests keep one open
     * without it (three ping intervals, 900 ms, plus round trips), less than mocha's 2 s for "should close the
     * connection if no handshake is received" (docs/socketio.md, "The fixture's connect timeout").
     */
    public static final Duration CONNECT_TIMEOUT = Duration.ofMillis(1500);

    private SuiteFixture() {
    }

    /** The fixture's handler, its timers on {@code scheduler}. */
    public static SocketIoServer create(Scheduler scheduler) {
        return create(scheduler, CONNECT_TIMEOUT);
    }

    /**
     * The same with another connect timeout (bench/socketio.sh: the reference server's default, 45 s, as a loaded
     * box may take over a second to let 50 new clients send their CONNECT).
     */
    public static SocketIoServer create(Scheduler scheduler, Duration connectTimeout) {
        SocketIoServer io = new SocketIoServer(scheduler, connectTimeout, SocketIoEvents.LOG);
        io.namespace("/")
                .onConnect((socket, auth) -> socket.emit("auth", auth))
                .on("message", (socket, args, ack) -> socket.emit("message-back", args.toArray()))
                .on("message-with-ack", (socket, args, ack) -> ack.sendAll(args));
        io.namespace("/custom").onConnect((socket, auth) -> socket.emit("auth", auth));
        return io;
    }
}

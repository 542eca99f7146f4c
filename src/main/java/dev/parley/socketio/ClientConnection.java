package dev.parley.socketio;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import dev.parley.engineio.EngineHandler;
import dev.parley.engineio.EngineSocket;
import dev.parley.engineio.Scheduler;

/**
 * The Socket.IO protocol of one Engine.IO connection: packets in (through its {@link PacketAssembler}), namespaces
 * joined and left, events and acks routed to its {@link SioSocket}s. Engine.IO calls {@link #message} and
 * {@link #closed} one at a time; sockets send from any thread. A {@link PacketViolation} closes the connection here,
 * the one place, with reason {@value PacketViolation#CLOSE_REASON}.
 */
final class ClientConnection implements EngineHandler.Connection {
    private static final Logger LOG = Logger.getLogger(ClientConnection.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The refusal of a CONNECT to a namespace the server does not have, as the reference server words it. */
    static final String INVALID_NAMESPACE = "Invalid namespace";

    private final SocketIoServer server;
    private final EngineSocket engine;
    /** Charged to the connection's part of the server's inbound budget ({@link EngineSocket#inbound()}). */
    private final PacketAssembler assembler;
    private final Map<String, SioSocket> sockets = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Scheduler.Cancellable connectTimer;
    private volatile boolean everConnected;
    private volatile boolean sawConnect;

    ClientConnection(SocketIoServer server, EngineSocket engine) {
        this.server = server;
        this.engine = engine;
        this.assembler = new PacketAssembler(engine.inbound());
        // The reference server closes a connection that joins no namespace within connectTimeout.
        this.connectTimer = server.scheduler().schedule(server.connectTimeout(), this::connectTimedOut);
    }

    @Override
    public void message(String text) {
        if (closed.get()) {
            return;
        }
        try {
            Received packet = assembler.text(text);
            if (packet != null) {
                received(packet);
            }
        } catch (PacketViolation violation) {
            fail(violation);
        } catch (PacketAssembler.OverBudget over) {
            overBudget(over);
        }
    }

    @Override
    public void message(byte[] data) {
        if (closed.get()) {
            return;
        }
        try {
            Received packet = assembler.binary(data);
            if (packet != null) {
                received(packet);
            }
        } catch (PacketViolation violation) {
            fail(violation);
        } catch (PacketAssembler.OverBudget over) {
            overBudget(over);
        }
    }

    @Override
    public void closed(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        connectTimer.cancel();
        assembler.clear();
        for (SioSocket socket : List.copyOf(sockets.values())) {
            leave(socket, reason);
        }
    }

    private void received(Received packet) {
        SioSocket socket = sockets.get(packet.nsp());
        if (packet.type() == PacketType.CONNECT) {
            if (socket != null) {
                throw new PacketViolation("CONNECT to a namespace already joined");
            }
            sawConnect = true;
            connect(packet);
            return;
        }
        // "If the server does not receive a CONNECT packet first, then it MUST close the connection immediately."
        if (!sawConnect) {
            throw new PacketViolation("first packet not CONNECT");
        }
        // Later, a packet for a namespace the client is not in is dropped: it may have crossed the server's
        // DISCONNECT or CONNECT_ERROR on the way, and must not cost the client its other namespaces.
        if (socket == null) {
            LOG.fine(() -> "event=socketio-not-joined sid=" + engine.id() + " nsp=" + packet.nsp());
            return;
        }
        switch (packet.type()) {
            case DISCONNECT -> leave(socket, "client namespace disconnect");
            case EVENT, BINARY_EVENT ->
                    socket.namespace().event(socket, packet.event(), packet.args(), ack(socket, packet));
            case ACK, BINARY_ACK -> socket.answered(packet.id(), packet.args());
            // CONNECT_ERROR is the server's to send.
            default -> throw new PacketViolation(packet.type() + " from a client");
        }
    }

    private void connect(Received packet) {
        Namespace namespace = server.lookup(packet.nsp());
        if (namespace == null) {
            refuse(packet.nsp(), new ConnectRefused(INVALID_NAMESPACE));
            return;
        }
        JsonObject auth = packet.data() == null ? JsonValue.EMPTY_JSON_OBJECT : packet.data().asJsonObject();
        SioSocket socket = new SioSocket(newId(), namespace, this, auth);
        sockets.put(namespace.name(), socket);
        try {
            namespace.connect(socket);
        } catch (ConnectRefused refused) {
            dropRefused(socket);
            refuse(namespace.name(), refused);
            return;
        } catch (RuntimeException e) {
            LOG.warning(() -> "event=socketio-handler-failed nsp=" + namespace.name() + " handler=connect cause=" + e);
            dropRefused(socket);
            refuse(namespace.name(), new ConnectRefused("Internal server error"));
            return;
        }
        everConnected = true;
        connectTimer.cancel();
        socket.accepted();
        server.events().connected(socket);
    }

    private void dropRefused(SioSocket socket) {
        sockets.remove(socket.namespace().name(), socket);
        socket.ended("refused");
        socket.namespace().remove(socket, "refused", false);
    }

    /** CONNECT_ERROR: {@code {"message":...}} with {@code "data"} when the refusal has some. */
    private void refuse(String nsp, ConnectRefused refused) {
        var payload = SocketIoJson.object().add("message", String.valueOf(refused.getMessage()));
        if (refused.data() != null) {
            payload.add("data", refused.data());
        }
        send(PacketWriter.plain(Packet.of(PacketType.CONNECT_ERROR, nsp, payload.build())));
        server.events().refused(nsp, refused.getMessage());
    }

    /** {@code socket} leaves its namespace (client DISCONNECT, server disconnect, or the connection's end). */
    void leave(SioSocket socket, String reason) {
        if (!sockets.remove(socket.namespace().name(), socket) || !socket.ended(reason)) {
            return;
        }
        socket.namespace().remove(socket, reason, true);
        server.events().disconnected(socket, reason);
    }

    private Ack ack(SioSocket socket, Received packet) {
        if (packet.id() == Packet.NO_ID) {
            return Ack.NONE;
        }
        AtomicBoolean sent = new AtomicBoolean();
        return new Ack() {
            @Override
            public boolean requested() {
                return true;
            }

            @Override
            public void sendAll(List<?> args) {
                if (sent.compareAndSet(false, true)) {
                    socket.send(PacketWriter.ack(socket.namespace().name(), packet.id(), args));
                }
            }
        };
    }

    /** One packet to the client through Engine.IO, which never blocks (a full buffer closes the connection). */
    void send(PacketWriter.Outgoing packet) {
        engine.send(packet.engine()); // one broadcast's sockets share it: encoded once, whatever their number
    }

    private void fail(PacketViolation violation) {
        LOG.info(() -> "event=socketio-parse-error sid=" + engine.id() + " reason=" + violation.reason());
        server.events().violation(violation.reason());
        engine.close(PacketViolation.CLOSE_REASON);
        closed(PacketViolation.CLOSE_REASON);
    }

    /** The server's inbound budget had no room for what this connection's binary packet needs kept: it goes. */
    private void overBudget(PacketAssembler.OverBudget over) {
        engine.inboundRefused(over.bytes()); // logged and counted there, closed with "server busy"
        closed(EngineSocket.SERVER_BUSY);
    }

    private void connectTimedOut() {
        if (!everConnected && !closed.get()) {
            LOG.info(() -> "event=socketio-connect-timeout sid=" + engine.id());
            engine.close("forced close");
        }
    }

    EngineSocket engine() {
        return engine;
    }

    Scheduler scheduler() {
        return server.scheduler();
    }

    /** A socket id: 120 random bits, URL-safe base64 (20 characters, like the reference server's ids). */
    static String newId() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

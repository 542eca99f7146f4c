package dev.parley.socketio.clients;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.parley.socketio.Ack;
import dev.parley.socketio.ConnectRefused;
import dev.parley.socketio.Namespace;
import dev.parley.socketio.SioSocket;
import dev.parley.socketio.SocketIoJson;
import dev.parley.socketio.SocketIoServer;
import dev.parley.socketio.SocketIoSetup;

/**
 * Parley's side of peers/socketio/CONTRACT.md, namespaces {@code /} and {@code /second}, written on the
 * {@code dev.parley.socketio} API as an application would ({@code /chat} is Parley's own: {@code SocketIoChat}), and
 * added the way an application adds its own: named by the setting {@code socketio-namespaces}, on the embedded
 * server ({@code Config.withSocketioNamespaces}) and in the WAR ({@code parley.socketio-namespaces}, this class in
 * its {@code WEB-INF/classes}: {@code dev.parley.deploy.TestDeployment#SOCKETIO_NAMESPACES}).
 */
public final class ContractFixture implements SocketIoSetup {
    /** How long the server waits for the client's answer to {@code question}. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    /** Declares {@code /} and {@code /second} on {@code sio}. */
    @Override
    public void setUp(SocketIoServer sio) {
        Namespace main = sio.namespace("/");
        main.onConnect((socket, auth) -> {
            if (auth.get("token") instanceof JsonString token && token.getString().equals("bad")) {
                throw new ConnectRefused("authentication failed",
                        SocketIoJson.object().add("code", "bad_token").build());
            }
            welcome(socket, auth);
        });
        main.on("echo", (socket, args, ack) -> socket.emit("echo", args.toArray()));
        main.on("ack", (socket, args, ack) -> ack.sendAll(args));
        main.on("ask", (socket, args, ack) -> socket.emitWithAck("question", ANSWER_WITHIN, args.get(0))
                .thenAccept(answer -> socket.emit("answered", answer.toArray())));
        main.on("join", (socket, args, ack) -> {
            String room = string(args, 0);
            socket.join(room);
            rooms(socket, room, ack);
        });
        main.on("leave", (socket, args, ack) -> {
            String room = string(args, 0);
            socket.leave(room);
            rooms(socket, room, ack);
        });
        main.on("to_room", (socket, args, ack) -> {
            String room = string(args, 0);
            JsonValue data = args.size() > 1 && args.get(1) instanceof JsonValue value ? value : JsonValue.NULL;
            main.to(room).except(socket.id()).emit("room_message",
                    SocketIoJson.object().add("room", room).add("data", data).add("from", socket.id()).build());
            ack.send(SocketIoJson.object().add("room", room).build());
        });
        main.on("bye", (socket, args, ack) -> socket.disconnect());

        Namespace second = sio.namespace("/second");
        second.onConnect(ContractFixture::welcome);
        second.on("echo", (socket, args, ack) -> socket.emit("echo", args.toArray()));
    }

    private static void welcome(SioSocket socket, JsonObject auth) {
        socket.emit("welcome", SocketIoJson.object().add("sid", socket.id())
                .add("namespace", socket.namespace().name()).add("auth", auth).build());
    }

    /** Acks {@code {"room":room,"rooms":[the socket's rooms, sorted, without its own id]}}. */
    private static void rooms(SioSocket socket, String room, Ack ack) {
        TreeSet<String> rooms = new TreeSet<>(socket.rooms());
        rooms.remove(socket.id());
        var list = SocketIoJson.array();
        rooms.forEach(list::add);
        ack.send(SocketIoJson.object().add("room", room).add("rooms", list).build());
    }

    private static String string(List<Object> args, int index) {
        if (args.size() > index && args.get(index) instanceof JsonString value) {
            return value.getString();
        }
        throw new IllegalArgumentException("argument " + index + " is not a string: " + args);
    }
}

package dev.parley.socketio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import dev.parley.engineio.ManualScheduler;

/** Rooms, broadcasts, server-to-client acks and sessions, with three clients on the protocol core. */
class SocketIoApiTest {
    private final ManualScheduler clock = new ManualScheduler();
    private final SocketIoServer io = new SocketIoServer(clock, Duration.ofSeconds(5), SocketIoEvents.LOG);
    private final Namespace chat = io.namespace("/chat");

    private RecordingEngine client(String engineId) {
        RecordingEngine engine = RecordingEngine.open(io, engineId);
        engine.text("0/chat,");
        engine.take();
        return engine;
    }

    private SioSocket socketOf(RecordingEngine engine) {
        return chat.sockets().stream().filter(s -> s.engineId().equals(engine.id())).findFirst().orElseThrow();
    }

    @Test
    void roomsAndEmitsToARoomExceptTheSender() {
        // python-socketio: enter_room(sid, 'chat_users'); emit('my reply', data, room='chat_users', skip_sid=sid)
        chat.on("begin_chat", (socket, args, ack) -> socket.join("chat_users"))
                .on("exit_chat", (socket, args, ack) -> socket.leave("chat_users"))
                .on("my_message", (socket, args, ack) ->
                        chat.to("chat_users").except(socket.id()).emit("my reply", args.toArray()));
        RecordingEngine a = client("a");
        RecordingEngine b = client("b");
        RecordingEngine c = client("c");
        a.text("2/chat,[\"begin_chat\"]");
        b.text("2/chat,[\"begin_chat\"]");
        a.text("2/chat,[\"my_message\",{\"data\":\"hi\"}]");
        assertEquals(List.of(), a.take());
        assertEquals(List.of("2/chat,[\"my reply\",{\"data\":\"hi\"}]"), b.take());
        assertEquals(List.of(), c.take());
        b.text("2/chat,[\"exit_chat\"]");
        a.text("2/chat,[\"my_message\",2]");
        assertEquals(List.of(), b.take());
        assertEquals(Set.of(socketOf(a).id(), "chat_users"), socketOf(a).rooms());
    }

    @Test
    void emitsToASocketIdANamespaceAndSeveralRooms() {
        RecordingEngine a = client("a");
        RecordingEngine b = client("b");
        RecordingEngine c = client("c");
        chat.to(socketOf(b).id()).emit("private", "x");
        assertEquals(List.of(), a.take());
        assertEquals(List.of("2/chat,[\"private\",\"x\"]"), b.take());
        chat.emit("all", 1);
        assertEquals(List.of("2/chat,[\"all\",1]"), c.take());
        assertEquals(List.of("2/chat,[\"all\",1]"), a.take());
        b.take();
        socketOf(a).join("r1");
        socketOf(b).join("r1");
        socketOf(b).join("r2");
        socketOf(c).join("r2");
        assertEquals(3, chat.to("r1", "r2").emit("once"));
        assertEquals(List.of("2/chat,[\"once\"]"), a.take());
        assertEquals(List.of("2/chat,[\"once\"]"), b.take());
        assertEquals(List.of("2/chat,[\"once\"]"), c.take());
        assertEquals(1, chat.except("r2").emit("not r2"));
        assertEquals(1, chat.to("r1").except("r2").emit("r1 not r2"));
        assertEquals(List.of("2/chat,[\"not r2\"]", "2/chat,[\"r1 not r2\"]"), a.take());
        assertEquals(List.of(), b.take());
        assertEquals(List.of(), c.take());
        io.emit("main");
        assertEquals(List.of(), a.take());
    }

    @Test
    void aFailingSocketDoesNotStopTheOthers() {
        RecordingEngine a = client("a");
        RecordingEngine b = client("b");
        RecordingEngine c = client("c");
        a.explode = true;
        b.refuse = true;
        chat.emit("news", "x");
        a.explode = false;
        assertEquals(List.of("2/chat,[\"news\",\"x\"]"), c.take());
        assertEquals(List.of(), a.take());
    }

    @Test
    void anEventEncodedOnceGoesToEachSocketItIsEmittedTo() {
        RecordingEngine a = client("a");
        RecordingEngine b = client("b");
        EncodedEvent event = chat.encode("message", SocketIoJson.object().add("text", "hi").build(), 2);
        socketOf(a).emit(event);
        socketOf(b).emit(event);
        assertEquals(List.of("2/chat,[\"message\",{\"text\":\"hi\"},2]"), a.take());
        assertEquals(List.of("2/chat,[\"message\",{\"text\":\"hi\"},2]"), b.take());
        EncodedEvent binary = chat.encode("file", new byte[] {7});
        socketOf(a).emit(binary);
        assertEquals(List.of("51-/chat,[\"file\",{\"_placeholder\":true,\"num\":0}]", "bin:07"), a.take());
        EncodedEvent elsewhere = io.namespace("/other").encode("message");
        assertThrows(IllegalArgumentException.class, () -> socketOf(a).emit(elsewhere));
        assertEquals(List.of(), a.take());
    }

    @Test
    void binaryArgumentsToAClient() {
        RecordingEngine a = client("a");
        socketOf(a).emit("file", "name", new byte[] {1, 2});
        assertEquals(List.of("51-/chat,[\"file\",\"name\",{\"_placeholder\":true,\"num\":0}]", "bin:0102"), a.take());
    }

    @Test
    void anEmitWithAckGetsTheClientsAnswer() throws Exception {
        RecordingEngine a = client("a");
        CompletableFuture<List<Object>> first = socketOf(a).emitWithAck("question", Duration.ofSeconds(2), "q");
        CompletableFuture<List<Object>> second = socketOf(a).emitWithAck("bin", Duration.ofSeconds(2));
        assertEquals(List.of("2/chat,0[\"question\",\"q\"]", "2/chat,1[\"bin\"]"), a.take());
        a.text("61-/chat,1[{\"_placeholder\":true,\"num\":0}]");
        a.binary((byte) 7);
        a.text("3/chat,0[\"answer\",42]");
        assertEquals(List.of(SocketIoJson.string("answer"), SocketIoJson.number(42)), first.get());
        assertArrayEquals(new byte[] {7}, (byte[]) second.get().get(0));
        assertEquals(0, clock.pending());
        a.text("3/chat,0[\"late\"]"); // an answer no event waits for is ignored
        assertTrue(a.isOpen());
    }

    @Test
    void anEmitWithAckTimesOut() {
        RecordingEngine a = client("a");
        CompletableFuture<List<Object>> answer = socketOf(a).emitWithAck("question", Duration.ofMillis(500));
        clock.advance(499);
        assertTrue(!answer.isDone());
        clock.advance(1);
        ExecutionException failed = assertThrows(ExecutionException.class, answer::get);
        assertInstanceOf(TimeoutException.class, failed.getCause());
        a.text("3/chat,0[\"too late\"]");
        assertTrue(a.isOpen());
    }

    @Test
    void anEmitWithAckFailsWhenTheSocketGoes() {
        RecordingEngine a = client("a");
        SioSocket socket = socketOf(a);
        CompletableFuture<List<Object>> answer = socket.emitWithAck("question", Duration.ofSeconds(9));
        a.text("1/chat,");
        ExecutionException failed = assertThrows(ExecutionException.class, answer::get);
        assertInstanceOf(IllegalStateException.class, failed.getCause());
        assertEquals(0, clock.pending());
        CompletableFuture<List<Object>> after = socket.emitWithAck("again", Duration.ofSeconds(9));
        assertInstanceOf(IllegalStateException.class, assertThrows(ExecutionException.class, after::get).getCause());
    }

    @Test
    void theSessionIsPerSocketAndGoesWithIt() {
        chat.onConnect((socket, auth) -> socket.session().put("username", auth.getString("name", "anon")));
        chat.on("message", (socket, args, ack) -> ack.send(String.valueOf(socket.session().get("username"))));
        RecordingEngine a = RecordingEngine.open(io, "a");
        a.text("0/chat,{\"name\":\"ann\"}");
        RecordingEngine b = RecordingEngine.open(io, "b");
        b.text("0/chat,");
        a.take();
        b.take();
        a.text("2/chat,1[\"message\"]");
        b.text("2/chat,1[\"message\"]");
        assertEquals(List.of("3/chat,1[\"ann\"]"), a.take());
        assertEquals(List.of("3/chat,1[\"anon\"]"), b.take());
    }

    @Test
    void aDisconnectedSocketLeavesItsRooms() {
        RecordingEngine a = client("a");
        SioSocket socket = socketOf(a);
        socket.join("r");
        a.connection.closed("ping timeout");
        assertEquals(List.of(), List.copyOf(chat.members("r")));
        assertEquals(Set.of(), chat.rooms().names());
        assertTrue(chat.socket(socket.id()).isEmpty());
        socket.join("later");
        assertEquals(Set.of(), chat.rooms().names());
    }
}

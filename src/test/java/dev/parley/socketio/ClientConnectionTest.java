package dev.parley.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import dev.parley.engineio.EngineSocket;
import dev.parley.engineio.ManualScheduler;
import dev.parley.session.MemoryBudget;

/** The protocol core beyond the suite: refusals with data, the first-packet rule, leaving, the connection's end. */
class ClientConnectionTest {
    private final ManualScheduler clock = new ManualScheduler();
    private final List<String> events = new ArrayList<>();
    private final SocketIoServer io = new SocketIoServer(clock, Duration.ofSeconds(5), SocketIoEvents.LOG);
    private final RecordingEngine engine = RecordingEngine.open(io, "e1");

    private String sid(String handshake, String prefix) {
        return SocketIoJson.parse(handshake.substring(prefix.length())).asJsonObject().getString("sid");
    }

    @Test
    void aRefusalCarriesMessageAndData() {
        io.namespace("/admin").onConnect((socket, auth) -> {
            if (!"secret".equals(auth.getString("token", null))) {
                throw new ConnectRefused("Not authorized", SocketIoJson.object().add("code", 401).build());
            }
        });
        engine.text("0/admin,{\"token\":\"nope\"}");
        assertEquals(List.of("4/admin,{\"message\":\"Not authorized\",\"data\":{\"code\":401}}"), engine.take());
        assertNull(engine.closedWith);
        assertEquals(List.of(), List.copyOf(io.namespace("/admin").sockets()));
        engine.text("0/admin,{\"token\":\"secret\"}");
        assertTrue(engine.take().get(0).startsWith("0/admin,{\"sid\":"));
    }

    @Test
    void aRefusalWithoutDataOnTheMainNamespace() {
        io.namespace("/").onConnect((socket, auth) -> {
            throw new ConnectRefused("Not authorized");
        });
        engine.text("0");
        assertEquals(List.of("4{\"message\":\"Not authorized\"}"), engine.take());
    }

    @Test
    void aFailingConnectHandlerRefusesWithoutSayingWhy() {
        io.namespace("/").onConnect((socket, auth) -> {
            throw new IllegalStateException("database down");
        });
        engine.text("0");
        assertEquals(List.of("4{\"message\":\"Internal server error\"}"), engine.take());
    }

    @Test
    void emitsFromTheConnectHandlerFollowTheConnectAnswerAndARefusalDropsThem() {
        io.namespace("/").onConnect((socket, auth) -> {
            socket.emit("welcome", 1);
            socket.join("lobby");
            if (auth.containsKey("no")) {
                throw new ConnectRefused("no");
            }
        });
        engine.text("0{\"no\":true}");
        assertEquals(List.of("4{\"message\":\"no\"}"), engine.take());
        assertEquals(List.of(), List.copyOf(io.namespace("/").members("lobby")));
        engine.text("0");
        List<String> out = engine.take();
        assertTrue(out.get(0).startsWith("0{\"sid\":"), out.get(0));
        assertEquals("2[\"welcome\",1]", out.get(1));
        assertEquals(1, io.namespace("/").members("lobby").size());
    }

    @Test
    void anEventBeforeAnyConnectCloses() {
        engine.text("2[\"message\"]");
        assertEquals("parse error", engine.closedWith);
    }

    @Test
    void aPacketForANamespaceNotJoinedIsDropped() {
        // It may have crossed the server's DISCONNECT or CONNECT_ERROR: the other namespaces go on.
        io.on("ping", (socket, args, ack) -> ack.send("pong"));
        engine.text("0");
        engine.take();
        engine.text("2/custom,[\"message\"]");
        engine.text("1/custom,");
        engine.text("3/custom,4[]");
        engine.text("21[\"ping\"]");
        assertEquals(List.of("31[\"pong\"]"), engine.take());
        assertNull(engine.closedWith);
    }

    @Test
    void afterARefusalTheConnectionStaysAndItsPacketsAreDropped() {
        engine.text("0/nowhere,");
        engine.take();
        engine.text("2/nowhere,[\"message\"]");
        assertNull(engine.closedWith);
    }

    @Test
    void aSecondConnectToTheSameNamespaceCloses() {
        engine.text("0");
        engine.text("0");
        assertEquals("parse error", engine.closedWith);
    }

    @Test
    void aConnectErrorFromAClientCloses() {
        engine.text("0");
        engine.text("4{\"message\":\"x\"}");
        assertEquals("parse error", engine.closedWith);
    }

    @Test
    void refusedConnectsDoNotStopTheConnectTimeout() {
        engine.text("0/nowhere,");
        clock.advance(5000);
        assertEquals("forced close", engine.closedWith);
    }

    @Test
    void namespacesAreMultiplexedWithTheirOwnIds() {
        io.namespace("/a");
        io.namespace("/b").on("ping", (socket, args, ack) -> ack.send("pong", socket.namespace().name()));
        engine.text("0/a,");
        engine.text("0/b,");
        List<String> out = engine.take();
        String a = sid(out.get(0), "0/a,");
        String b = sid(out.get(1), "0/b,");
        assertTrue(!a.equals(b) && !a.equals("e1"));
        engine.text("2/b,7[\"ping\"]");
        assertEquals(List.of("3/b,7[\"pong\",\"/b\"]"), engine.take());
        assertEquals(a, io.namespace("/a").sockets().iterator().next().id());
        assertEquals("e1", io.namespace("/a").sockets().iterator().next().engineId());
    }

    @Test
    void leavingRunsTheDisconnectHandlerWithTheReason() {
        io.namespace("/").onDisconnect((socket, reason) -> events.add("/ " + reason));
        io.namespace("/x").onDisconnect((socket, reason) -> events.add("/x " + reason));
        engine.text("0");
        engine.text("0/x,");
        engine.text("1/x,");
        assertEquals(List.of("/x client namespace disconnect"), events);
        engine.text("0/x,");
        engine.connection.closed("transport close");
        assertEquals(List.of("/ transport close", "/x client namespace disconnect", "/x transport close"),
                events.stream().sorted().toList());
        assertEquals(List.of(), List.copyOf(io.namespace("/").sockets()));
    }

    @Test
    void aParseErrorEndsEveryNamespace() {
        io.namespace("/").onDisconnect((socket, reason) -> events.add(reason));
        engine.text("0");
        engine.text("2[]");
        assertEquals(List.of("parse error"), events);
    }

    @Test
    void aServerDisconnectSendsDisconnectAndKeepsTheConnection() {
        io.namespace("/x").onDisconnect((socket, reason) -> events.add(reason));
        engine.text("0/x,");
        engine.take();
        SioSocket socket = io.namespace("/x").sockets().iterator().next();
        socket.disconnect();
        assertEquals(List.of("1/x,"), engine.take());
        assertEquals(List.of("server namespace disconnect"), events);
        assertTrue(engine.isOpen());
        socket.emit("late");
        assertEquals(List.of(), engine.take());
    }

    @Test
    void eventsGoToOnThenToTheClass() {
        io.register("/cls", new NamespaceHandler() {
            @Override
            public void onConnect(SioSocket socket, JsonObject auth) {
                socket.session().put("user", auth.getString("user"));
            }

            @Override
            public void onEvent(SioSocket socket, String event, List<Object> args, Ack ack) {
                switch (event) {
                    case "whoami" -> ack.send(socket.session().get("user"));
                    default -> events.add("unknown " + event);
                }
            }
        }).on("direct", (socket, args, ack) -> ack.send("direct"));
        engine.text("0/cls,{\"user\":\"ann\"}");
        engine.take();
        engine.text("2/cls,1[\"whoami\"]");
        engine.text("2/cls,2[\"direct\"]");
        engine.text("2/cls,[\"other\",1]");
        assertEquals(List.of("3/cls,1[\"ann\"]", "3/cls,2[\"direct\"]"), engine.take());
        assertEquals(List.of("unknown other"), events);
    }

    @Test
    void aFailingEventHandlerKeepsTheConnection() {
        io.on("bad", (socket, args, ack) -> {
            throw new IllegalStateException("bug");
        }).on("good", (socket, args, ack) -> ack.send());
        engine.text("0");
        engine.take();
        engine.text("2[\"bad\"]");
        engine.text("21[\"good\"]");
        assertEquals(List.of("31[]"), engine.take());
        assertNull(engine.closedWith);
    }

    @Test
    void anAckGoesOutOnceAndOnlyWhenAsked() {
        io.on("twice", (socket, args, ack) -> {
            ack.send("one");
            ack.send("two");
        }).on("none", (socket, args, ack) -> {
            events.add("requested " + ack.requested());
            ack.send("x");
        });
        engine.text("0");
        engine.take();
        engine.text("23[\"twice\"]");
        engine.text("2[\"none\"]");
        assertEquals(List.of("33[\"one\"]"), engine.take());
        assertEquals(List.of("requested false"), events);
    }

    @Test
    void aJsonArrayIsOneArgumentAndSendAllSpreadsAList() {
        io.on("one", (socket, args, ack) -> ack.send(SocketIoJson.array().add(1).add(2).build()))
                .on("spread", (socket, args, ack) -> ack.sendAll(args));
        engine.text("0");
        engine.take();
        engine.text("21[\"one\"]");
        engine.text("22[\"spread\",1,2]");
        assertEquals(List.of("31[[1,2]]", "32[1,2]"), engine.take());
    }

    @Test
    void attachmentsTheInboundBudgetHasNoRoomForCloseTheConnectionWithServerBusy() {
        MemoryBudget budget = new MemoryBudget("inbound", 64 * 1024);
        RecordingEngine hoarder = new RecordingEngine("h", budget);
        hoarder.connection = io.open(hoarder);
        RecordingEngine other = new RecordingEngine("o", budget);
        other.connection = io.open(other);
        hoarder.text("0");
        other.text("0");
        hoarder.text("53-[\"m\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1},"
                + "{\"_placeholder\":true,\"num\":2}]");
        hoarder.binary(new byte[60 * 1024]);
        hoarder.binary(new byte[10 * 1024]);
        assertEquals(EngineSocket.SERVER_BUSY, hoarder.closedWith);
        assertEquals(10 * 1024, hoarder.refusedBytes);
        assertEquals(0, budget.used(), "what it held given back");
        io.on("m", (socket, args, ack) -> events.add("m " + args.size()));
        other.text("51-[\"m\",{\"_placeholder\":true,\"num\":0}]");
        other.binary(new byte[1]);
        assertNull(other.closedWith);
        assertEquals(List.of("m 1"), events);
    }
}

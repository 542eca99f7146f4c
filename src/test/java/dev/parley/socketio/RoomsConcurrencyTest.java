package dev.parley.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import dev.parley.engineio.ManualScheduler;

/** Joins, leaves, broadcasts and disconnects from many threads at once leave the rooms consistent. */
class RoomsConcurrencyTest {
    private static final int CLIENTS = 16;
    private static final int ROUNDS = 500;

    @Test
    void concurrentJoinsLeavesAndBroadcasts() throws Exception {
        SocketIoServer io = new SocketIoServer(new ManualScheduler(), Duration.ofSeconds(5), SocketIoEvents.LOG);
        Namespace ns = io.namespace("/");
        List<RecordingEngine> engines = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            RecordingEngine engine = RecordingEngine.open(io, "e" + i);
            engine.text("0");
            engines.add(engine);
        }
        List<SioSocket> sockets = List.copyOf(ns.sockets());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> work = new ArrayList<>();
        for (int t = 0; t < CLIENTS; t++) {
            SioSocket socket = sockets.get(t);
            work.add(CompletableFuture.runAsync(() -> {
                await(start);
                for (int r = 0; r < ROUNDS; r++) {
                    String room = "r" + (r % 3);
                    socket.join(room);
                    ns.to(room).except(socket.id()).emit("x", r);
                    socket.leave(room);
                }
            }, pool));
        }
        start.countDown();
        CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        for (SioSocket socket : sockets) {
            assertEquals(Set.of(socket.id()), socket.rooms());
        }
        for (int r = 0; r < 3; r++) {
            assertEquals(List.of(), List.copyOf(ns.members("r" + r)));
        }
        engines.forEach(engine -> engine.connection.closed("transport close"));
        assertEquals(Set.of(), ns.rooms().names());
        assertEquals(List.of(), List.copyOf(ns.sockets()));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

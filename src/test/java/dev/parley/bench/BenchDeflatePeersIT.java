package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.parley.Parley;
import dev.parley.client.DeflatePeer;
import dev.parley.wire.Rfc6455;

/**
 * {@code parley bench --deflate} against real permessage-deflate servers ({@link DeflatePeer.Kind}; Parley's own joins
 * once its server negotiates it): echo and broadcast runs complete without errors, their answers inflated (a
 * broadcast's latency comes from the timestamp inside the compressed payload), and the bytes on the wire per message
 * are reported: exactly the frame's size without deflate, far less with it.
 */
class BenchDeflatePeersIT {
    private static final int SIZE = 4096;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DeflatePeer.Kind.class)
    void reportsTheBytesOnTheWirePerMessageWithAndWithoutDeflate(DeflatePeer.Kind kind) throws Exception {
        try (DeflatePeer peer = DeflatePeer.start(kind)) {
            String url = "ws://127.0.0.1:" + peer.port();
            JsonObject plain = bench(url, "-s", "tput32", "--size", Integer.toString(SIZE), "-c", "4").get(0);
            JsonObject deflated = bench(url, "--deflate", "-s", "tput32", "--size", Integer.toString(SIZE), "-c", "4")
                    .get(0);
            // without deflate, every message is one masked frame out and one unmasked frame in, whole
            assertEquals(false, plain.getBoolean("deflate"));
            assertEquals(Rfc6455.headerLength(SIZE, true) + SIZE, num(plain, "wireBytesPerMessageOut"), 0.0, plain.toString());
            assertEquals(Rfc6455.headerLength(SIZE, false) + SIZE, num(plain, "wireBytesPerDeliveryIn"), 0.0, plain.toString());
            // 4 KiB of 'x': a few bytes each way once compressed (context takeover makes repeats cheaper still)
            assertEquals(true, deflated.getBoolean("deflate"));
            assertTrue(num(deflated, "wireBytesPerMessageOut") < 100, deflated.toString());
            assertTrue(num(deflated, "wireBytesPerDeliveryIn") < 100, deflated.toString());
            assertTrue(num(deflated, "messagesIn") > 0 && num(deflated, "messagesOut") > 0, deflated.toString());

            JsonObject broadcast = bench(url, "--deflate", "-s", "bcast1000", "-c", "10").get(0);
            assertTrue(num(broadcast, "wireBytesPerMessageOut") < 32 + 6, broadcast.toString());
            assertTrue(num(broadcast, "wireBytesPerDeliveryIn") < 32 + 2, broadcast.toString());
            assertTrue(broadcast.getJsonObject("latencyUs").containsKey("p50"), broadcast.toString());
        }
    }

    private List<JsonObject> bench(String url, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("bench", url, "-q", "--warmup", "0.2", "--duration", "0.5",
                "--label", "peer"));
        all.addAll(List.of(args));
        BenchRun.Lines run = BenchRun.withJson(dir.resolve("results.jsonl"), all);
        for (JsonObject r : run.results()) {
            String line = r.toString();
            assertEquals(true, r.getBoolean("ok"), line);
            assertEquals(0.0, num(r, "errors"), line);
            assertEquals(r.getBoolean("deflate"), run.printed().contains("deflate wire "), run.printed());
        }
        return run.results();
    }

    private static double num(JsonObject r, String key) {
        return r.getJsonNumber(key).doubleValue();
    }
}

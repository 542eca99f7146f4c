package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.Parley;
import dev.parley.server.RunningServer;
import dev.parley.server.Tuning;
import dev.parley.session.FrameRate;

/**
 * {@code parley bench -s chat --deflate} against the embedded server with permessage-deflate on, as
 * {@code bench/deflate.sh} runs it: compress-once (Parley's policy) and per-session (the {@code deflate-once} tuning
 * off). Every message said still reaches every member of its room once, in order, and the byte counts say the text
 * travelled compressed both ways. Timing is never asserted.
 */
class ChatDeflateBenchIT {
    private static final FrameRate UNLIMITED = new FrameRate(1e9, 1_000_000_000);

    @RegisterExtension
    static final RunningServer once = new RunningServer(config -> config
            .withLimits(config.limits().withFrameBudgets(UNLIMITED, UNLIMITED).withMaxSessionsPerAddress(10_000))
            .withChat(config.chat().withRate(1e9, 1_000_000_000))
            .withDeflate(config.deflate().withOn(true)));

    @RegisterExtension
    static final RunningServer perSession = new RunningServer(config -> config
            .withLimits(config.limits().withFrameBudgets(UNLIMITED, UNLIMITED).withMaxSessionsPerAddress(10_000))
            .withChat(config.chat().withRate(1e9, 1_000_000_000))
            .withDeflate(config.deflate().withOn(true))
            .withTuning(Tuning.parse("io,frames,unmask")));

    @TempDir
    Path dir;

    /** Runs the chat workload: 12 members in 3 rooms, 300 says of 900 bytes of text, closed loop. */
    private JsonObject chat(String url, String... extra) throws Exception {
        List<String> all = new ArrayList<>(List.of("bench", url, "-s", "chat", "-q", "--warmup", "0.3",
                "--stall-timeout", "30", "-c", "12", "--rooms", "3", "--in-flight", "6", "--messages", "300",
                "--size", "900"));
        all.addAll(List.of(extra));
        BenchRun.Lines run = BenchRun.withJson(dir.resolve("chat.jsonl"), all);
        assertEquals(1, run.results().size(), run.printed());
        JsonObject r = run.results().get(0);
        String line = r.toString();
        assertEquals(true, r.getBoolean("ok"), line);
        assertEquals(300, num(r, "messages"), line);
        assertEquals(300, num(r, "acks"), line);
        assertEquals(300 * 4, num(r, "ops"), "deliveries == messages x members: " + line);
        assertEquals(num(r, "ops"), num(r, "dueDeliveries"), line);
        for (String zero : List.of("orderViolations", "strayDeliveries", "unanswered", "errors")) {
            assertEquals(0, num(r, zero), zero + ": " + line);
        }
        assertTrue(run.printed().contains("wire B/message delivery"), run.printed());
        return r;
    }

    private static long num(JsonObject r, String key) {
        return r.getJsonNumber(key).longValueExact();
    }

    private static double real(JsonObject r, String key) {
        return r.getJsonNumber(key).doubleValue();
    }

    /**
     * Compress-once and per-session both deliver everything, inflated back to the ~1 KiB frame, in fewer bytes; per
     * session fewer still (each member's inflater keeps its window). The says go compressed too.
     */
    @Test
    void deflateRunsDeliverEveryMessageCompressedOnceAndPerSession() throws Exception {
        JsonObject shared = chat(once.ws("/").toString(), "--deflate");
        JsonObject own = chat(perSession.ws("/").toString(), "--deflate");
        for (JsonObject r : List.of(shared, own)) {
            assertEquals(true, r.getBoolean("deflate"), r.toString());
            double payload = real(r, "payloadBytesPerMessageDelivery");
            assertTrue(payload > 900, "the inflated message frame carries the 900-byte text: " + r);
            assertTrue(real(r, "wireBytesPerMessageDelivery") < 0.8 * payload, r.toString());
            assertTrue(real(r, "wireBytesPerMessageOut") < 0.8 * 900, "says go compressed: " + r);
        }
        assertTrue(real(own, "wireBytesPerMessageDelivery") < real(shared, "wireBytesPerMessageDelivery"),
                own + "\n" + shared);
    }

    /** Without {@code --deflate} nothing is offered: each message frame is its payload and a 4-byte header. */
    @Test
    void withoutDeflateTheMessageFramesGoWhole() throws Exception {
        JsonObject r = chat(once.ws("/").toString());
        assertEquals(false, r.getBoolean("deflate"), r.toString());
        // a server frame's header: 2 bytes, and 2 more for a 126-65535 byte payload
        assertEquals(real(r, "payloadBytesPerMessageDelivery") + 4, real(r, "wireBytesPerMessageDelivery"), 1e-9,
                r.toString());
    }
}

package dev.parley.session;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.zip.Deflater;

import jakarta.websocket.SendResult;

import dev.parley.wire.DeflateParameters;
import dev.parley.wire.MessageDeflater;

/**
 * Not a test: the CPU one delivery of a room broadcast costs in the sink (frame choice and compression, no socket),
 * for a room of {@code MEMBERS} with ~1 KiB JSON chat messages, deflate off vs compressed once vs per-session
 * context takeover; and the bytes each delivery puts on the wire. Modes rotate within each round, so the shared
 * box's load falls on all of them alike; ratios are paired per round. Also: one compression with a pooled deflater
 * vs one made and freed per message; one deflater alone at levels 1 and 6, with and without context takeover.
 *
 * <pre>./mvnw -B -ntp -o -q test-compile && java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     dev.parley.session.OutboundDeflateBench [members] [rounds]</pre>
 */
public final class OutboundDeflateBench {
    private static final SendResult OK = new SendResult();
    private static final String[] WORDS = ("the a room message hello world parley deflate server client window chat "
            + "meeting tomorrow please review latest build numbers look good thanks everyone see you soon").split(" ");

    private OutboundDeflateBench() {
    }

    public static void main(String[] args) {
        int members = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> messages = new ArrayList<>();
        Random random = new Random(1);
        for (int i = 0; i < 200; i++) {
            messages.add(json(i, random));
        }
        System.out.printf("members=%d message_bytes=%d..%d rounds=%d%n", members,
                messages.stream().mapToInt(m -> m.getBytes(StandardCharsets.UTF_8).length).min().getAsInt(),
                messages.stream().mapToInt(m -> m.getBytes(StandardCharsets.UTF_8).length).max().getAsInt(), rounds);
        String[] modes = {"off", "once", "session"};
        double[][] micros = new double[modes.length][rounds];
        double[] bytes = new double[modes.length];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < modes.length; k++) {
                int mode = (k + round) % modes.length;
                double[] result = run(modes[mode], members, messages);
                micros[mode][round] = result[0];
                bytes[mode] = result[1];
            }
        }
        for (int mode = 0; mode < modes.length; mode++) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = micros[mode][r] / micros[0][r];
            }
            System.out.printf("mode=%-8s cpu_us_per_delivery median=%.3f min=%.3f max=%.3f  ratio_to_off median=%.1f"
                    + "  wire_bytes_per_delivery=%.1f%n", modes[mode], median(micros[mode]), min(micros[mode]),
                    max(micros[mode]), median(ratio), bytes[mode]);
        }
        compressionCost(messages);
        levels(messages);
    }

    /** One deflater alone (its state in cache), levels 1 and 6, with and without context takeover. */
    private static void levels(List<String> messages) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int level : new int[] {1, 6}) {
            for (boolean reset : new boolean[] {true, false}) {
                try (MessageDeflater deflater = new MessageDeflater(level, reset)) {
                    long bytes = 0;
                    long cpu = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < 20_000; i++) {
                        bytes += deflater.deflate(ByteBuffer.wrap(messages.get(i % 200)
                                .getBytes(StandardCharsets.UTF_8))).length;
                    }
                    cpu = threads.getCurrentThreadCpuTime() - cpu;
                    System.out.printf("one_deflater level=%d context_takeover=%b compression_us=%.2f "
                            + "compressed_bytes=%.1f%n", level, !reset, cpu / 20_000 / 1000.0, bytes / 20_000.0);
                }
            }
        }
    }

    /** CPU µs per delivery and wire bytes per delivery of one mode, after a warm-up pass. */
    private static double[] run(String mode, int members, List<String> messages) {
        OutboundDeflate deflate = new OutboundDeflate(OutboundDeflate.DEFAULT_THRESHOLD, members);
        Optional<DeflateParameters> parameters = switch (mode) {
            case "off" -> Optional.empty();
            case "once" -> Optional.of(new DeflateParameters(15, 15, true, false, false, false));
            default -> Optional.of(new DeflateParameters(15, 15, false, false, false, false));
        };
        long[] written = new long[1];
        FrameWriter writer = (frame, handler) -> {
            written[0] += frame.length;
            handler.onResult(OK);
        };
        List<FrameSink> sinks = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            sinks.add(deflate.sink(writer, parameters));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        broadcast(sinks, messages.subList(0, 20)); // warm-up, and the per-session windows filled
        written[0] = 0;
        long cpu = threads.getCurrentThreadCpuTime();
        broadcast(sinks, messages.subList(20, 60));
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        long deliveries = 40L * members;
        sinks.forEach(FrameSink::closed);
        return new double[] {cpu / 1000.0 / deliveries, (double) written[0] / deliveries};
    }

    private static void broadcast(List<FrameSink> sinks, List<String> messages) {
        for (String text : messages) {
            OutboundMessage message = OutboundMessage.text(text); // one per broadcast, as a room makes it
            for (FrameSink sink : sinks) {
                sink.send(message, result -> { });
            }
        }
    }

    /** One 1 KiB compression: with the pooled deflaters, and with a deflater made and freed for it. */
    private static void compressionCost(List<String> messages) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 3; round++) {
            long pooled = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < 20_000; i++) {
                SharedDeflaters.deflate(ByteBuffer.wrap(messages.get(i % 200).getBytes(StandardCharsets.UTF_8)));
            }
            pooled = threads.getCurrentThreadCpuTime() - pooled;
            long fresh = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < 20_000; i++) {
                try (MessageDeflater deflater = new MessageDeflater(Deflater.DEFAULT_COMPRESSION, true)) {
                    deflater.deflate(ByteBuffer.wrap(messages.get(i % 200).getBytes(StandardCharsets.UTF_8)));
                }
            }
            fresh = threads.getCurrentThreadCpuTime() - fresh;
            System.out.printf("compression_us pooled=%.2f fresh_deflater=%.2f%n", pooled / 20_000 / 1000.0,
                    fresh / 20_000 / 1000.0);
        }
    }

    /** A chat message of about 1 KiB: the room's JSON around a text of random words. */
    private static String json(int id, Random random) {
        StringBuilder text = new StringBuilder();
        while (text.length() < 880) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        return "{\"type\":\"message\",\"room\":\"lobby\",\"id\":" + (1000 + id) + ",\"from\":\"user"
                + random.nextInt(1000) + "\",\"at\":\"2026-12-02T10:" + (10 + id % 50) + ":00Z\",\"text\":\""
                + text.toString().strip() + "\"}";
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}

package dev.parley.soak;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A soak run: the chat clients ({@link ChatLoop}) and the attacks at the same time for a while, the server's heap
 * sampled after a full GC every so often, and everything counted into a {@link SoakReport}.
 */
final class Soak {
    /**
     * How to run.
     *
     * @param sources where the chat clients connect from
     * @param attackSource the address of the first attack; the next ones follow it
     * @param pid the server's process id for heap samples, 0 for none
     * @param heapEvery time between two heap samples
     * @param heapMarginPercent how much the heap may grow from the middle third of the run to the last
     * @param heapSlack and by how many bytes more (the noise floor of a small heap)
     * @param settle how long the end of the run may wait for resumes and for the final check
     */
    record Settings(SoakPlan plan, InetSocketAddress server, ChatLoop.Sources sources, Duration duration,
                           List<String> attacks, InetAddress attackSource, long pid, Duration heapEvery,
                           double heapMarginPercent, long heapSlack, Duration settle, PrintStream progress, Duration progressEvery) {
    }

    private Soak() {
    }

    /** Runs the soak; blocks for about {@code duration} plus the settling. */
    static SoakReport run(Settings s) throws InterruptedException {
        HeapProbe heap = s.pid() > 0 ? new HeapProbe(s.pid()) : null;
        List<SoakReport.HeapSample> samples = new ArrayList<>();
        long start = System.nanoTime();
        String loadBefore = loadavg();
        long heapBefore = heap == null ? -1 : heap.usedAfterGc();
        ChatLoop loop = new ChatLoop(s.plan(), s.server(), s.sources(), s.duration(), s.settle(), s.progress(),
                s.progressEvery());
        Thread chat = new Thread(loop, "soak-chat");
        chat.start();
        Attacks attacks = Attacks.start(s.attacks(), s.server(), s.attackSource(), s.plan().room(0));
        long next = start + s.heapEvery().toNanos();
        long loadEnd = start + s.duration().toNanos();
        while (chat.isAlive()) {
            long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime()));
            chat.join(wait);
            long now = System.nanoTime();
            if (heap != null && chat.isAlive() && now >= next && now < loadEnd) {
                long used = heap.usedAfterGc();
                long t = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                samples.add(new SoakReport.HeapSample(t, used));
                if (s.progress() != null) {
                    s.progress().printf(Locale.ROOT, "soak %6d s: heap after GC %.1f MiB, load %s%n", t,
                            used / 1048576.0, loadavg());
                }
                next += s.heapEvery().toNanos();
            }
        }
        attacks.stop(Duration.ofSeconds(10));
        String loadAfter = loadavg();
        long heapAfter = heap == null ? -1 : heap.usedAfterGc();
        HeapProbe.Verdict verdict = heap == null ? null
                : HeapProbe.verdict(samples.stream().map(SoakReport.HeapSample::usedBytes).toList(),
                        s.heapMarginPercent(), s.heapSlack());
        Map<String, Map<String, Long>> attackCounts = attacks.counts();
        return new SoakReport(s.plan(), s.duration(), (System.nanoTime() - start) / 1e9, loop.tally(),
                loop.unsettled(), loop.unchecked(), s.sources().addresses(s.plan().clients()), attackCounts,
                heapBefore, samples, heapAfter, verdict, loadBefore, loadAfter);
    }

    static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }
}

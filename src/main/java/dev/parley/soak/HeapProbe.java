package dev.parley.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's heap after a full GC, read with {@code GC.run} then {@code GC.heap_info} in one attach
 * ({@code jcmd PID -f FILE}: two jcmd processes let a busy server allocate for a second or more between the GC and
 * the reading, which then counts as held), and the verdict on a series of such samples. The parsing and the verdict
 * are plain functions (tested without a JVM).
 */
final class HeapProbe {
    /** A line of GC.heap_info that describes a whole heap or generation: "... total 262144K, used 23456K [...". */
    private static final Pattern USED = Pattern.compile("\\btotal\\s+\\d+K,\\s+used\\s+(\\d+)K");
    private static final long JCMD_TIMEOUT_SECONDS = 30;

    /**
     * Whether a series stayed within its margin, and the figures compared.
     *
     * @param earlyBytes the median of the middle third of the samples
     * @param lateBytes the median of the last third
     */
    record Verdict(long earlyBytes, long lateBytes, double marginPercent, long slackBytes, boolean stable) {
    }

    private final long pid;

    HeapProbe(long pid) {
        this.pid = pid;
    }

    /** Runs a full GC in the server and returns the heap in use after it, or -1 if jcmd could not tell. */
    long usedAfterGc() {
        Path commands;
        try {
            commands = Files.createTempFile("parley-soak", ".jcmd");
            Files.writeString(commands, "GC.run\nGC.heap_info\n");
        } catch (IOException e) {
            return -1;
        }
        try {
            String info = jcmd("-f", commands.toString());
            return info == null ? -1 : parseUsed(info);
        } finally {
            try {
                Files.deleteIfExists(commands);
            } catch (IOException ignored) {
                // a temp file left behind
            }
        }
    }

    /**
     * Bytes in use according to GC.heap_info: the sum of the "used" of every line with a "total" (G1's one heap line;
     * the young and old generation lines of Serial and Parallel; sub-spaces and Metaspace carry no "total").
     *
     * @return the bytes, or -1 if no such line is there
     */
    static long parseUsed(String heapInfo) {
        long kb = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            Matcher m = USED.matcher(line);
            if (m.find() && !line.contains("Metaspace") && !line.contains("class space")) {
                kb += Long.parseLong(m.group(1));
                found = true;
            }
        }
        return found ? kb * 1024 : -1;
    }

    /**
     * "Heap stable": the median of the last third of the series is at most the median of the middle third plus
     * {@code marginPercent} of it plus {@code slackBytes}. The first third is warm-up (connections opening, histories
     * filling); the medians ride over single samples that catch lagging clients' queues full; the slack is the noise
     * floor of a small heap (a few attackers' bounded queues). A heap that keeps what it should free moves its median
     * up from one third to the next. Samples of -1 (unknown) are left out; fewer than three known is not stable.
     */
    static Verdict verdict(List<Long> samples, double marginPercent, long slackBytes) {
        List<Long> known = new ArrayList<>();
        for (long s : samples) {
            if (s >= 0) {
                known.add(s);
            }
        }
        if (known.size() < 3) {
            return new Verdict(-1, -1, marginPercent, slackBytes, false);
        }
        int n = known.size();
        long early = median(known.subList(n / 3, 2 * n / 3));
        long late = median(known.subList(2 * n / 3, n));
        return new Verdict(early, late, marginPercent, slackBytes,
                late <= early * (1 + marginPercent / 100) + slackBytes);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
    }

    private String jcmd(String... command) {
        Path bundled = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> line = new ArrayList<>(List.of(Files.isExecutable(bundled) ? bundled.toString() : "jcmd",
                Long.toString(pid)));
        line.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

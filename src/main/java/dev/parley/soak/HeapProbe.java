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
 * The server's heap after a full GC, read with {@code jcmd PID GC.run} and {@code jcmd PID GC.heap_info}, and the
 * verdict on a series of such samples. The parsing and the verdict are plain functions (tested without a JVM).
 */
final class HeapProbe {
    /** A line of GC.heap_info that describes a whole heap or generation: "... total 262144K, used 23456K [...". */
    private static final Pattern USED = Pattern.compile("\\btotal\\s+\\d+K,\\s+used\\s+(\\d+)K");
    private static final long JCMD_TIMEOUT_SECONDS = 30;

    /**
     * Whether a series stayed within its margin, and the figures compared.
     *
     * @param earlyBytes the highest sample of the first half
     * @param lateBytes the lowest sample of the second half
     */
    record Verdict(long earlyBytes, long lateBytes, double marginPercent, boolean stable) {
    }

    private final long pid;

    HeapProbe(long pid) {
        this.pid = pid;
    }

    /** Runs a full GC in the server and returns the heap in use after it, or -1 if jcmd could not tell. */
    long usedAfterGc() {
        if (jcmd("GC.run") == null) {
            return -1;
        }
        String info = jcmd("GC.heap_info");
        return info == null ? -1 : parseUsed(info);
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
     * "Heap stable": the lowest sample of the second half of the series is at most the highest of the first half plus
     * {@code marginPercent} of it. Queues that fill while clients lag and empty again make single samples jump; a
     * heap that keeps what it should free raises its floor, and the floor of the second half then passes every peak
     * of the first. Samples of -1 (unknown) are left out; fewer than two known samples is not stable.
     */
    static Verdict verdict(List<Long> samples, double marginPercent) {
        List<Long> known = new ArrayList<>();
        for (long s : samples) {
            if (s >= 0) {
                known.add(s);
            }
        }
        if (known.size() < 2) {
            return new Verdict(-1, -1, marginPercent, false);
        }
        int half = known.size() / 2;
        long early = known.subList(0, half).stream().mapToLong(Long::longValue).max().orElseThrow();
        long late = known.subList(half, known.size()).stream().mapToLong(Long::longValue).min().orElseThrow();
        return new Verdict(early, late, marginPercent, late <= early * (1 + marginPercent / 100));
    }

    private String jcmd(String command) {
        Path bundled = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        String jcmd = Files.isExecutable(bundled) ? bundled.toString() : "jcmd";
        try {
            Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
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

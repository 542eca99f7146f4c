package dev.parley.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's memory as the idle workload reads it: its RSS, and for a JVM server its live heap.
 *
 * @param rssKb  VmRSS in KiB, or -1 (no {@code --pid}, or no {@code /proc})
 * @param heapKb live heap in KiB, or -1 (not a JVM, or {@code jcmd} failed)
 */
record ServerMemory(long rssKb, long heapKb) {

    /** The last line of a class histogram: "Total <instances> <bytes>". */
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    /**
     * Reads both. The heap comes from {@code jcmd PID GC.class_histogram}, which runs a full GC first and counts only
     * what survives it (the same figure under every collector), before RSS is read.
     */
    static ServerMemory read(long pid, boolean jvm) {
        if (pid <= 0) {
            return new ServerMemory(-1, -1);
        }
        long heap = -1;
        if (jvm) {
            String histogram = jcmd(pid, "GC.class_histogram");
            Matcher m = histogram == null ? null : HISTOGRAM_TOTAL.matcher(histogram);
            if (m != null && m.find()) {
                heap = Long.parseLong(m.group(1)) / 1024;
            }
        }
        return new ServerMemory(ProcStats.rssKb(pid), heap);
    }

    private static String jcmd(long pid, String command) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

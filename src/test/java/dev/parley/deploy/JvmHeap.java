package dev.parley.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap of a running JVM as {@code jcmd} reports it: what a server really holds, measured from outside the way an
 * operator would, after a full GC so that only live objects count.
 */
public final class JvmHeap {
    /** "used 3403K" on the heap lines of {@code GC.heap_info} (G1: one line; Serial/Parallel: one per generation). */
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private JvmHeap() {
    }

    /** The heap in use right after a full GC of JVM {@code pid} ({@code jcmd GC.run}, then {@code GC.heap_info}). */
    public static long usedAfterFullGc(long pid) throws Exception {
        jcmd(pid, "GC.run");
        long usedKiB = 0;
        for (String line : jcmd(pid, "GC.heap_info").split("\n")) {
            String trimmed = line.trim();
            boolean heapLine = trimmed.startsWith("garbage-first heap") || trimmed.contains("generation")
                    || trimmed.startsWith("Shenandoah") || trimmed.startsWith("ZHeap");
            Matcher used = USED.matcher(trimmed);
            if (heapLine && used.find()) {
                usedKiB += Long.parseLong(used.group(1));
            }
        }
        assertTrue(usedKiB > 0, "no heap figure in GC.heap_info of " + pid);
        return usedKiB * 1024;
    }

    private static String jcmd(long pid, String command) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process process = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "jcmd " + command + " did not finish");
        assertEquals(0, process.exitValue(), "jcmd " + command + ": " + out);
        return out;
    }
}

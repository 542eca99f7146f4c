package dev.parley.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap of a running JVM as {@code jcmd} reports it: what a server really holds, measured from outside the way an
 * operator would, after a full GC so that only live objects count.
 *
 * <p>{@code GC.run} and {@code GC.heap_info} go to the JVM in one attach ({@code jcmd PID -f FILE}), one right after
 * the other. They used to be two jcmd processes: under a flood the server allocated for the second or more between
 * them (starting a JVM to attach, on a loaded box), and what it allocated after the GC was read as held
 * ({@code RedisOutageIT} read 36.9 to 78.5 MiB in CI runs, where histograms taken every second through such floods
 * here never passed 29 MB of live objects).
 */
public final class JvmHeap {
    /** "used 3403K" on the heap lines of {@code GC.heap_info} (G1: one line; Serial/Parallel: one per generation). */
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private JvmHeap() {
    }

    /** The heap in use right after a full GC of JVM {@code pid} ({@code GC.run}, then {@code GC.heap_info}). */
    public static long usedAfterFullGc(long pid) throws Exception {
        Path commands = Files.createTempFile("parley-heap", ".jcmd");
        String out;
        try {
            Files.writeString(commands, "GC.run\nGC.heap_info\n");
            out = jcmd(pid, "-f", commands.toString());
        } finally {
            Files.deleteIfExists(commands);
        }
        long usedKiB = 0;
        for (String line : out.split("\n")) {
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

    private static String jcmd(long pid, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "jcmd " + String.join(" ", command) + " did not finish");
        assertEquals(0, process.exitValue(), "jcmd " + String.join(" ", command) + ": " + out);
        return out;
    }
}

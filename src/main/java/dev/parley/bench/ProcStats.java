package dev.parley.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and memory from Linux's {@code /proc}: a process's utime+stime ({@code /proc/PID/stat}) and VmRSS
 * ({@code /proc/PID/status}), and the whole machine's busy and total time ({@code /proc/stat}). All times are in
 * clock ticks (USER_HZ, 100 per second on Linux; {@code getconf CLK_TCK}). Where {@code /proc} is missing, the
 * readings are -1 and the figures derived from them are left out.
 */
final class ProcStats {
    /** USER_HZ: the unit of every time in /proc. Fixed at 100 by the Linux ABI on every architecture Java runs on. */
    static final int TICKS_PER_SECOND = 100;

    private ProcStats() {
    }

    /** One reading of everything, taken together. */
    record Sample(long nanos, long serverTicks, long serverRssKb, long selfTicks, long machineBusy, long machineTotal) {
        static Sample take(long serverPid) {
            long[] machine = machine();
            return new Sample(System.nanoTime(), serverPid > 0 ? processTicks(serverPid) : -1,
                    serverPid > 0 ? rssKb(serverPid) : -1, processTicks(ProcessHandle.current().pid()),
                    machine[0], machine[1]);
        }
    }

    /** What happened between two samples. CPU figures are in percent of one CPU (so 0–200 on two CPUs). */
    record Delta(double seconds, double serverCpuSeconds, double serverCpuPercent, double clientCpuPercent,
                 double foreignCpuPercent, double machineCpuPercent) {
        static Delta between(Sample a, Sample b) {
            double seconds = (b.nanos - a.nanos) / 1e9;
            double server = a.serverTicks >= 0 && b.serverTicks >= 0
                    ? (b.serverTicks - a.serverTicks) / (double) TICKS_PER_SECOND : Double.NaN;
            double client = a.selfTicks >= 0 ? (b.selfTicks - a.selfTicks) / (double) TICKS_PER_SECOND : Double.NaN;
            double busy = a.machineBusy >= 0 ? (b.machineBusy - a.machineBusy) / (double) TICKS_PER_SECOND : Double.NaN;
            double foreign = busy - client - (Double.isNaN(server) ? 0 : server);
            return new Delta(seconds, server, pct(server, seconds), pct(client, seconds),
                    pct(Math.max(0, foreign), seconds), pct(busy, seconds));
        }

        private static double pct(double cpuSeconds, double seconds) {
            return seconds > 0 ? 100 * cpuSeconds / seconds : Double.NaN;
        }
    }

    /** utime + stime of {@code pid} in ticks, or -1. */
    static long processTicks(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        return stat == null ? -1 : parseProcessTicks(stat);
    }

    /**
     * utime + stime from the text of {@code /proc/PID/stat}. The command name (field 2) is in parentheses and may
     * hold spaces and parentheses itself, so fields are counted from the last ')': utime and stime are fields 14 and 15.
     */
    static long parseProcessTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return -1;
        }
        String[] fields = stat.substring(close + 2).trim().split("\\s+");
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
    }

    /** VmRSS of {@code pid} in KiB, or -1. */
    static long rssKb(long pid) {
        String status = read(Path.of("/proc", Long.toString(pid), "status"));
        return status == null ? -1 : parseRssKb(status);
    }

    static long parseRssKb(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    /** {busy, total} ticks of all CPUs together, or {-1, -1}. */
    static long[] machine() {
        String stat = read(Path.of("/proc/stat"));
        return stat == null ? new long[] {-1, -1} : parseMachine(stat);
    }

    /**
     * From the {@code cpu} line of {@code /proc/stat}: user nice system idle iowait irq softirq steal [guest
     * guest_nice]. Busy is user, nice, system, irq and softirq (guest time is already counted in user); idle, iowait
     * and steal (time the hypervisor gave to another VM) are not busy.
     */
    static long[] parseMachine(String stat) {
        String line = stat.substring(0, stat.indexOf('\n'));
        String[] f = line.trim().split("\\s+");
        long total = 0;
        long busy = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            long v = Long.parseLong(f[i]);
            total += v;
            if (i != 4 && i != 5 && i != 8) {
                busy += v;
            }
        }
        return new long[] {busy, total};
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

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

    /**
     * One reading of everything, taken together. The server's figures are summed over its processes (several nodes of
     * a chat run); {@code redisTicks}: the Redis server's CPU, read beside them, or -1.
     */
    record Sample(long nanos, long serverTicks, long serverRssKb, long selfTicks, long machineBusy, long machineTotal,
                  long redisTicks) {
        Sample(long nanos, long serverTicks, long serverRssKb, long selfTicks, long machineBusy, long machineTotal) {
            this(nanos, serverTicks, serverRssKb, selfTicks, machineBusy, machineTotal, -1);
        }

        static Sample take(long serverPid) {
            return take(serverPid > 0 ? java.util.List.of(serverPid) : java.util.List.of(), 0);
        }

        static Sample take(java.util.List<Long> serverPids, long redisPid) {
            long[] machine = machine();
            long nanos = System.nanoTime(); // as close to the machine's reading as before the server's
            long ticks = serverPids.isEmpty() ? -1 : 0;
            long rss = serverPids.isEmpty() ? -1 : 0;
            for (long pid : serverPids) {
                long t = processTicks(pid);
                long r = rssKb(pid);
                ticks = ticks < 0 || t < 0 ? -1 : ticks + t;
                rss = rss < 0 || r < 0 ? -1 : rss + r;
            }
            return new Sample(nanos, ticks, rss, processTicks(ProcessHandle.current().pid()),
                    machine[0], machine[1], redisPid > 0 ? processTicks(redisPid) : -1);
        }
    }

    /** What happened between two samples. CPU figures are in percent of one CPU (so 0–200 on two CPUs). */
    record Delta(double seconds, double serverCpuSeconds, double serverCpuPercent, double clientCpuPercent,
                 double foreignCpuPercent, double machineCpuPercent, double redisCpuSeconds) {
        static Delta between(Sample a, Sample b) {
            double seconds = (b.nanos - a.nanos) / 1e9;
            double server = a.serverTicks >= 0 && b.serverTicks >= 0
                    ? (b.serverTicks - a.serverTicks) / (double) TICKS_PER_SECOND : Double.NaN;
            double client = a.selfTicks >= 0 ? (b.selfTicks - a.selfTicks) / (double) TICKS_PER_SECOND : Double.NaN;
            double busy = a.machineBusy >= 0 ? (b.machineBusy - a.machineBusy) / (double) TICKS_PER_SECOND : Double.NaN;
            double redis = a.redisTicks >= 0 && b.redisTicks >= 0
                    ? (b.redisTicks - a.redisTicks) / (double) TICKS_PER_SECOND : Double.NaN;
            double foreign = busy - client - (Double.isNaN(server) ? 0 : server) - (Double.isNaN(redis) ? 0 : redis);
            return new Delta(seconds, server, pct(server, seconds), pct(client, seconds),
                    pct(Math.max(0, foreign), seconds), pct(busy, seconds), redis);
        }

        double redisCpuPercent() {
            return pct(redisCpuSeconds, seconds);
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

package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The arithmetic under the figures: percentiles, /proc parsing, timestamps, the send-time FIFO, JSON numbers. */
class BenchMathTest {

    @Test
    void percentilesOfAKnownDistributionInMicroseconds() {
        Histogram h = new Histogram(60_000_000_000L, 3);
        for (int us = 1; us <= 10_000; us++) {
            h.recordValue(us * 1000L); // 1 µs .. 10 ms, uniform
        }
        Map<String, Object> p = RunResult.percentiles(h);
        assertEquals(10_000L, p.get("count"));
        assertClose(5_000, (double) p.get("p50"));
        assertClose(9_000, (double) p.get("p90"));
        assertClose(9_900, (double) p.get("p99"));
        assertClose(9_990, (double) p.get("p999"));
        assertClose(10_000, (double) p.get("max"));
        assertClose(5_000.5, (double) p.get("mean"));
        assertEquals(Map.of("count", 0L), RunResult.percentiles(new Histogram(1000, 3)));
    }

    /** Three significant digits: within 0.1 %. */
    private static void assertClose(double expected, double actual) {
        assertTrue(Math.abs(actual - expected) <= expected * 0.001, expected + " vs " + actual);
    }

    @Test
    void processTicksCountFromTheLastParenthesis() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 30 0 99 0 0\n";
        assertEquals(1234 + 567, ProcStats.parseProcessTicks(stat));
        assertEquals(2048, ProcStats.parseRssKb("Name:\tjava\nVmPeak:\t  9000 kB\nVmRSS:\t    2048 kB\nThreads:\t3\n"));
        // cpu user nice system idle iowait irq softirq steal guest guest_nice
        long[] m = ProcStats.parseMachine("cpu  100 5 50 1000 20 3 2 7 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n");
        assertEquals(100 + 5 + 50 + 3 + 2, m[0], "busy leaves out idle, iowait and steal");
        assertEquals(100 + 5 + 50 + 1000 + 20 + 3 + 2 + 7, m[1]);
    }

    @Test
    void deltasInPercentOfOneCpu() {
        // 2 s apart: server used 150 ticks (1.5 s), we 50 (0.5 s), machine 300 busy (3 s) -> 1 s of others.
        ProcStats.Sample a = new ProcStats.Sample(0, 1000, 5000, 200, 10_000, 50_000);
        ProcStats.Sample b = new ProcStats.Sample(2_000_000_000L, 1150, 6000, 250, 10_300, 50_400);
        ProcStats.Delta d = ProcStats.Delta.between(a, b);
        assertEquals(2.0, d.seconds(), 1e-9);
        assertEquals(1.5, d.serverCpuSeconds(), 1e-9);
        assertEquals(75.0, d.serverCpuPercent(), 1e-9);
        assertEquals(25.0, d.clientCpuPercent(), 1e-9);
        assertEquals(50.0, d.foreignCpuPercent(), 1e-9);
        assertEquals(150.0, d.machineCpuPercent(), 1e-9);
    }

    @Test
    void thisProcessHasCpuTimeAndMemory() {
        long pid = ProcessHandle.current().pid();
        assertTrue(ProcStats.processTicks(pid) >= 0);
        assertTrue(ProcStats.rssKb(pid) > 1000, "a JVM has more than 1 MB resident");
        long[] m = ProcStats.machine();
        assertTrue(m[0] > 0 && m[1] > m[0]);
    }

    @Test
    void timestampsRoundTripAsHex() {
        byte[] b = new byte[20];
        for (long t : new long[] {0, 1, 0xfedcba9876543210L, Long.MAX_VALUE, -1, System.nanoTime()}) {
            Timestamps.write(t, b, 2);
            assertEquals(t, Timestamps.read(b, 2, 18));
        }
        Timestamps.write(255, b, 0);
        assertEquals("00000000000000ff", new String(b, 0, 16, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(Long.MIN_VALUE, Timestamps.read(b, 0, 15), "too short");
        b[3] = 'X';
        assertEquals(Long.MIN_VALUE, Timestamps.read(b, 0, 16), "not hex");
    }

    @Test
    void sendTimesComeBackInOrderAcrossGrowth() {
        LongRing ring = new LongRing(2);
        List<Long> expected = new ArrayList<>();
        long next = 0;
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < round; i++) {
                ring.add(next);
                expected.add(next++);
            }
            for (int i = 0; i < round / 2; i++) {
                assertEquals(expected.remove(0), ring.poll());
            }
        }
        assertEquals(expected.size(), ring.size());
        while (!expected.isEmpty()) {
            assertEquals(expected.remove(0), ring.poll());
        }
        assertThrows(NoSuchElementException.class, ring::poll);
    }

    @Test
    void jsonNumbersStringsAndNulls() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("b", 2.5);
        m.put("c", 16485.999);
        m.put("d", 0.000123456789);
        m.put("e", Double.NaN);
        m.put("f", List.of("x\"y", true));
        m.put("g", 1e20);
        assertEquals("{\"a\":1,\"b\":2.5,\"c\":16486,\"d\":0.000123457,\"e\":null,\"f\":[\"x\\\"y\",true],"
                + "\"g\":100000000000000000000}", Json.write(m));
    }
}

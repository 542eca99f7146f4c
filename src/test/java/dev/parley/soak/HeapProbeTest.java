package dev.parley.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Reading jcmd's GC.heap_info, and the verdict on a series of heap samples. */
class HeapProbeTest {

    @Test
    void g1HasOneHeapLine() {
        String info = """
                12345:
                 garbage-first heap   total 262144K, used 23456K [0x00000000f0000000, 0x0000000100000000)
                  region size 1024K, 3 young (3072K), 0 survivors (0K)
                 Metaspace       used 30000K, committed 30500K, reserved 1114112K
                  class space    used 3000K, committed 3200K, reserved 1048576K
                """;
        assertEquals(23456L * 1024, HeapProbe.parseUsed(info));
    }

    @Test
    void serialAndParallelAddTheirGenerations() {
        String info = """
                777:
                 def new generation   total 9216K, used 1000K [0x00000000f0000000, 0x00000000f0a00000)
                  eden space 8192K,  12% used [0x00000000f0000000, 0x00000000f00f4240, 0x00000000f0800000)
                 tenured generation   total 20480K, used 5000K [0x00000000f5550000, 0x00000000f6950000)
                   the space 20480K,  24% used [0x00000000f5550000, 0x00000000f5a38800, 0x00000000f6950000)
                 Metaspace       used 9000K, committed 9200K, reserved 1056768K
                """;
        assertEquals(6000L * 1024, HeapProbe.parseUsed(info));
    }

    @Test
    void noHeapLineIsUnknown() {
        assertEquals(-1, HeapProbe.parseUsed("777:\nCommand executed successfully\n"));
    }

    @Test
    void aHeapThatRisesThenHoldsIsStableAndOneThatKeepsRisingIsNot() {
        // Warm-up, then holding with one spike (a lagging client's queue) in the last third.
        assertTrue(HeapProbe.verdict(List.of(10L, 30L, 40L, 41L, 39L, 42L, 40L, 90L, 41L), 25, 0).stable());
        HeapProbe.Verdict leak = HeapProbe.verdict(List.of(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L), 25, 0);
        assertFalse(leak.stable());
        assertEquals(50, leak.earlyBytes());
        assertEquals(80, leak.lateBytes());
        // The same growth within the slack (a small heap's noise floor) passes.
        assertTrue(HeapProbe.verdict(List.of(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L), 25, 20).stable());
    }

    @Test
    void unknownSamplesAreLeftOutAndTooFewAreNotStable() {
        assertTrue(HeapProbe.verdict(List.of(-1L, 10L, -1L, 11L, 10L), 25, 0).stable());
        assertFalse(HeapProbe.verdict(List.of(-1L, 10L, 12L), 25, 0).stable());
    }
}

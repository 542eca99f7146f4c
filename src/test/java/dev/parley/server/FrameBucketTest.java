package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.parley.session.FrameRate;

/** The frame budget's token bucket, on an injected clock (nanoseconds). */
class FrameBucketTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long START = 123_456_789L; // any origin: only differences count

    @Test
    void aFullBucketLetsTheBurstThroughAndNotOneFrameMore() {
        FrameBucket bucket = new FrameBucket(new FrameRate(100, 40), START);
        assertTrue(bucket.take(30, START));
        assertTrue(bucket.take(10, START));
        assertFalse(bucket.take(1, START), "41st frame at the same instant");
    }

    @Test
    void itRefillsAtTheRateUpToTheBurst() {
        FrameBucket bucket = new FrameBucket(new FrameRate(100, 40), START);
        assertTrue(bucket.take(40, START));
        assertFalse(bucket.take(1, START + SECOND / 200), "5 ms refill half a token");
        assertTrue(bucket.take(1, START + SECOND / 100), "10 ms refill one token");
        assertFalse(bucket.take(1, START + SECOND / 100));
        assertTrue(bucket.take(40, START + 60 * SECOND), "a minute of quiet refills the burst, no more");
        assertFalse(bucket.take(1, START + 60 * SECOND));
    }

    @Test
    void aSustainedRateJustUnderTheBudgetIsNeverRefused() {
        FrameBucket bucket = new FrameBucket(new FrameRate(200, 10), START);
        long now = START;
        for (int i = 0; i < 10_000; i++) { // 50 s at 199 frames a second, one at a time
            now += SECOND / 199;
            assertTrue(bucket.take(1, now), "frame " + i);
        }
    }

    @Test
    void aFloodIsCutOnceTheBurstIsSpent() {
        FrameBucket bucket = new FrameBucket(new FrameRate(200, 400), START);
        long now = START;
        int taken = 0;
        while (bucket.take(100, now) && taken < 10_000) { // 100 frames every millisecond: 100,000 a second
            taken += 100;
            now += SECOND / 1000;
        }
        assertTrue(taken >= 400 && taken <= 500, "cut after the burst and a little refill, took " + taken);
    }

    @Test
    void aClockThatStepsBackRefillsNothing() {
        FrameBucket bucket = new FrameBucket(new FrameRate(100, 10), START);
        assertTrue(bucket.take(10, START));
        assertFalse(bucket.take(1, START - SECOND));
        assertFalse(bucket.take(1, START), "no credit for the step back");
    }
}

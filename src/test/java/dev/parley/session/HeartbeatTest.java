package dev.parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.parley.session.Heartbeat.Step;

/** The sweep's decision for one peer, at times chosen by the test (milliseconds in, nanos to the heartbeat). */
class HeartbeatTest {
    private static final Duration INTERVAL = Duration.ofMillis(300);
    private static final Duration TIMEOUT = Duration.ofMillis(600);

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    @Test
    void theFirstPingIsDueOneIntervalAfterOpening() {
        Heartbeat beat = new Heartbeat(INTERVAL, TIMEOUT, ms(1000));
        assertEquals(Step.WAIT, beat.step(ms(1000)));
        assertEquals(Step.WAIT, beat.step(ms(1299)));
        assertEquals(Step.PING, beat.step(ms(1300)));
    }

    @Test
    void anUnansweredPingIsDeadOnlyAfterTheTimeoutAndOnlyOnce() {
        Heartbeat beat = new Heartbeat(INTERVAL, TIMEOUT, 0);
        assertEquals(Step.PING, beat.step(ms(300)));
        assertEquals(Step.WAIT, beat.step(ms(600)), "one ping outstanding at a time: no second one");
        assertEquals(Step.WAIT, beat.step(ms(900)), "exactly the timeout is still within it");
        assertEquals(Step.DEAD, beat.step(ms(901)));
        assertEquals(ms(601), beat.waited(ms(901)));
        assertEquals(Step.WAIT, beat.step(ms(2000)), "closed once: the sweep does not close it again");
    }

    @Test
    void aPongClearsThePingAndTheNextIsDueAnIntervalAfterTheLastPing() {
        Heartbeat beat = new Heartbeat(INTERVAL, TIMEOUT, 0);
        assertEquals(Step.PING, beat.step(ms(300)));
        beat.ponged();
        assertEquals(Step.WAIT, beat.step(ms(599)));
        assertEquals(Step.PING, beat.step(ms(600)));
        beat.ponged();
        assertEquals(Step.WAIT, beat.step(ms(899)), "a late sweep: the next ping is still an interval after this one");
        assertEquals(Step.PING, beat.step(ms(1000)));
        assertEquals(Step.WAIT, beat.step(ms(1600)));
        assertEquals(Step.DEAD, beat.step(ms(1601)));
    }

    @Test
    void aPeerThatAnswersEveryPingIsNeverDead() {
        Heartbeat beat = new Heartbeat(INTERVAL, TIMEOUT, 0);
        int pings = 0;
        for (long now = 0; now <= 60_000; now += 75) { // a minute of sweeps at the tick for these settings
            Step step = beat.step(ms(now));
            assertNotEquals(Step.DEAD, step, "dead at " + now + " ms");
            if (step == Step.PING) {
                pings++;
                beat.ponged();
            }
        }
        assertEquals(200, pings, "one ping per interval");
    }

    @Test
    void timesAreComparedByDifferenceSoTheNanoClockMayWrap() {
        long open = Long.MAX_VALUE - ms(100);
        Heartbeat beat = new Heartbeat(INTERVAL, TIMEOUT, open);
        assertEquals(Step.WAIT, beat.step(open + ms(200)));
        assertEquals(Step.PING, beat.step(open + ms(300)));
        assertEquals(Step.DEAD, beat.step(open + ms(901)));
    }

    @Test
    void theSweepRunsFourTimesPerShorterPeriodAndAtMostEvery10Ms() {
        assertEquals(75, Liveness.tickMillis(INTERVAL, TIMEOUT));
        assertEquals(250, Liveness.tickMillis(Duration.ofSeconds(25), Duration.ofSeconds(1)));
        assertEquals(10, Liveness.tickMillis(Duration.ofMillis(20), Duration.ofMillis(20)));
    }
}

package dev.parley.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void delaysDoubleUpToTheMaximumAndStartOverAfterASuccess() {
        Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(2));
        List<Long> delays = Stream.generate(backoff::next).limit(6).map(Duration::toMillis).toList();
        assertEquals(List.of(250L, 500L, 1000L, 2000L, 2000L, 2000L), delays);
        backoff.reset();
        assertEquals(Duration.ofMillis(250), backoff.next());
    }

    @Test
    void aZeroOrInvertedRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}

package dev.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Rates and increases from readings at hand-made times. */
class MetricsWindowTest {
    private static Map<String, Map<String, Double>> reading(double received, double closed1000, double closed1008) {
        return Map.of("parley_messages_received", Map.of("", received),
                "parley_sessions_closed", Map.of("1000", closed1000, "1008", closed1008));
    }

    @Test
    void aRateIsTheChangeBetweenReadingsPerSecond() {
        MetricsWindow window = new MetricsWindow(10);
        window.add(1_000, reading(0, 0, 0));
        window.add(2_000, reading(10, 0, 0));
        window.add(4_000, reading(30, 0, 0));
        assertEquals(List.of(new MetricsWindow.Point(2_000, 10.0), new MetricsWindow.Point(4_000, 10.0)),
                window.rate("parley_messages_received", 60));
        assertEquals(List.of(new MetricsWindow.Point(4_000, 10.0)), window.rate("parley_messages_received", 1));
        assertEquals(10.0, window.lastRate("parley_messages_received"));
        assertEquals(0.0, window.lastRate("parley_absent"));
    }

    @Test
    void aCounterThatWentDownGivesZeroAndAStillClockIsIgnored() {
        MetricsWindow window = new MetricsWindow(10);
        window.add(1_000, reading(50, 0, 0));
        window.add(1_000, reading(70, 0, 0));
        window.add(2_000, reading(5, 0, 0));
        assertEquals(2, window.size());
        assertEquals(List.of(new MetricsWindow.Point(2_000, 0.0)), window.rate("parley_messages_received", 60));
    }

    @Test
    void theIncreaseOverTheWindowCountsOnlyWhatTheKeptReadingsSaw() {
        MetricsWindow window = new MetricsWindow(3);
        window.add(1_000, reading(0, 5, 0));
        window.add(2_000, reading(0, 6, 0));
        window.add(3_000, reading(0, 8, 1));
        assertEquals(Map.of("1000", 3.0, "1008", 1.0), window.increase("parley_sessions_closed"));
        window.add(4_000, reading(0, 8, 4)); // the reading at 1 s goes: the window starts at 2 s
        assertEquals(Map.of("1000", 2.0, "1008", 4.0), window.increase("parley_sessions_closed"));
        assertEquals(6.0, window.totalIncrease("parley_sessions_closed"));
        assertEquals(2_000, window.spanMillis());
    }

    @Test
    void oneReadingShowsNothing() {
        MetricsWindow window = new MetricsWindow(3);
        window.add(1_000, reading(9, 9, 9));
        assertEquals(Map.of(), window.increase("parley_sessions_closed"));
        assertEquals(List.of(), window.rate("parley_messages_received", 60));
        assertEquals(0, window.spanMillis());
    }
}

package dev.parley.admin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last few minutes of what {@code /metrics} showed, one reading per tick ({@code dev.parley.metrics.Metrics#read}):
 * the admin page's rates (the change of a counter between two readings, per second) and its "over the last minutes"
 * figures (a counter's change since the oldest reading in the window). Nothing is counted here: only the registry's
 * counters, read. Time comes with each reading (tested with a hand-made clock). Thread-safe.
 */
final class MetricsWindow {
    /** One reading: when, and every metric's samples by label values. */
    record Reading(long millis, Map<String, Map<String, Double>> values) {
        double value(String metric, String labels) {
            Map<String, Double> samples = values.get(metric);
            Double value = samples == null ? null : samples.get(labels);
            return value == null ? 0 : value;
        }
    }

    /** One point of a rate series: when (epoch milliseconds) and how many per second. */
    record Point(long millis, double perSecond) {
    }

    private final int capacity;
    private final Deque<Reading> readings = new ArrayDeque<>();

    /** Keeps the last {@code capacity} readings (at least 2). */
    MetricsWindow(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("a window needs 2 readings at least");
        }
        this.capacity = capacity;
    }

    /** Adds a reading taken at {@code millis}; the oldest goes when the window is full. */
    synchronized void add(long millis, Map<String, Map<String, Double>> values) {
        if (!readings.isEmpty() && millis <= readings.peekLast().millis()) {
            return; // a clock that did not move: no rate can be made from it
        }
        readings.addLast(new Reading(millis, values));
        while (readings.size() > capacity) {
            readings.removeFirst();
        }
    }

    /** How many readings it holds. */
    synchronized int size() {
        return readings.size();
    }

    /** The span from the oldest reading to the newest, in milliseconds (0 with fewer than two). */
    synchronized long spanMillis() {
        return readings.size() < 2 ? 0 : readings.peekLast().millis() - readings.peekFirst().millis();
    }

    /**
     * The per-second rate of a counter without labels between consecutive readings, the last {@code points} of
     * them, oldest first. A counter that went down (a restart) gives 0 for that step.
     */
    synchronized List<Point> rate(String metric, int points) {
        List<Reading> all = new ArrayList<>(readings);
        List<Point> series = new ArrayList<>();
        for (int i = Math.max(1, all.size() - points); i < all.size(); i++) {
            Reading before = all.get(i - 1);
            Reading after = all.get(i);
            double delta = after.value(metric, "") - before.value(metric, "");
            series.add(new Point(after.millis(), Math.max(0, delta) * 1000.0 / (after.millis() - before.millis())));
        }
        return series;
    }

    /** The newest rate of {@code metric} (0 with fewer than two readings). */
    double lastRate(String metric) {
        List<Point> last = rate(metric, 1);
        return last.isEmpty() ? 0 : last.get(0).perSecond();
    }

    /**
     * How much each sample of counter {@code metric} grew from the oldest reading to the newest, by label values;
     * samples that did not grow are left out.
     */
    synchronized Map<String, Double> increase(String metric) {
        Map<String, Double> grown = new TreeMap<>();
        if (readings.size() < 2) {
            return grown;
        }
        Reading first = readings.peekFirst();
        Map<String, Double> now = readings.peekLast().values().getOrDefault(metric, Map.of());
        now.forEach((labels, value) -> {
            double delta = value - first.value(metric, labels);
            if (delta > 0) {
                grown.put(labels, delta);
            }
        });
        return grown;
    }

    /** The sum of {@link #increase} over every sample of {@code metric}. */
    double totalIncrease(String metric) {
        return increase(metric).values().stream().mapToDouble(Double::doubleValue).sum();
    }
}

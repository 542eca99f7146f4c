package dev.parley.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * What one run measured, and its result line ({@link #toMap}, one JSON object in {@code --json}): the scenario, whether
 * it ran, the errors, the window's figures, the latency percentiles, and what the workload adds.
 *
 * @param failure   why the run stopped early, or null
 * @param errors    errors since the window opened (all of them if it never did)
 * @param lastError the last error of the run, or null
 * @param measured  the closed window's figures; null if it did not close, or for the idle workload
 * @param latencyUs latency percentiles in µs ({@link #percentiles})
 * @param extra     the workload's own figures, or null
 */
record RunResult(Scenario scenario, String failure, long errors, String lastError, Measured measured,
                 Map<String, Object> latencyUs, Extra extra) {

    /**
     * The window's figures.
     *
     * @param delta       CPU and time between the window's two {@code /proc} samples
     * @param serverRssKb the server's RSS at the window's end, or -1
     * @param ops         answers (or deliveries, or handshakes) in the window
     * @param bytes       their payload bytes
     * @param unanswered  requests (or deliveries) still due when the run ended
     */
    record Measured(ProcStats.Delta delta, long serverRssKb, long ops, long bytes, long unanswered) {
    }

    /** What a workload adds to the line, and where. */
    interface Extra {
        /** After the window's common figures (only when there are some); {@code seconds}: the window's length. */
        default void windowed(Map<String, Object> r, double seconds) {
        }

        /** At the end of the line. */
        default void last(Map<String, Object> r) {
        }
    }

    /** The result line's fields, in their order. */
    Map<String, Object> toMap() {
        Scenario s = scenario;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("scenario", s.name());
        r.put("kind", s.kind().name().toLowerCase(Locale.ROOT));
        r.put("connections", s.connections());
        r.put("inFlight", s.inFlight());
        r.put("size", s.size());
        if (s.kind() == Scenario.Kind.RATE || s.kind() == Scenario.Kind.CHAT && s.rate() > 0) {
            r.put("targetRate", s.rate());
        }
        r.put("unit", s.kind().unit);
        r.put("ok", failure == null);
        if (failure != null) {
            r.put("failure", failure);
        }
        r.put("errors", errors);
        if (errors > 0) {
            r.put("lastError", lastError);
        }
        ProcStats.Delta d = measured == null ? null : measured.delta();
        if (measured != null) {
            r.put("seconds", d.seconds());
            r.put("ops", measured.ops());
            r.put("opsPerSec", measured.ops() / d.seconds());
            r.put("payloadMBPerSec", measured.bytes() / d.seconds() / 1e6);
            r.put("unanswered", measured.unanswered());
            if (extra != null) {
                extra.windowed(r, d.seconds());
            }
        }
        r.put("latencyUs", latencyUs);
        if (measured != null) {
            double cpu = d.serverCpuSeconds();
            r.put("serverCpuUsPerOp", !Double.isNaN(cpu) && measured.ops() > 0 ? cpu * 1e6 / measured.ops() : null);
            r.put("serverCpuPct", d.serverCpuPercent());
            r.put("clientCpuPct", d.clientCpuPercent());
            r.put("foreignCpuPct", d.foreignCpuPercent());
            r.put("machineCpuPct", d.machineCpuPercent());
            if (!Double.isNaN(d.redisCpuSeconds())) {
                r.put("redisCpuPct", d.redisCpuPercent());
                r.put("redisCpuUsPerOp", measured.ops() > 0 ? d.redisCpuSeconds() * 1e6 / measured.ops() : null);
            }
            r.put("serverRssKb", measured.serverRssKb() >= 0 ? measured.serverRssKb() : null);
            List<String> flags = new ArrayList<>();
            if (d.clientCpuPercent() > 90) {
                flags.add("client-saturated");
            }
            if (d.foreignCpuPercent() > 25) {
                flags.add("foreign-load");
            }
            r.put("flags", flags);
        }
        if (extra != null) {
            extra.last(r);
        }
        return r;
    }

    /** Count, p50, p90, p99, p99.9, max and mean of nanosecond values, in µs; only the count (0) if empty or null. */
    static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("count", h == null ? 0L : h.getTotalCount());
        if (h != null && h.getTotalCount() > 0) {
            p.put("p50", h.getValueAtPercentile(50) / 1e3);
            p.put("p90", h.getValueAtPercentile(90) / 1e3);
            p.put("p99", h.getValueAtPercentile(99) / 1e3);
            p.put("p999", h.getValueAtPercentile(99.9) / 1e3);
            p.put("max", h.getMaxValue() / 1e3);
            p.put("mean", h.getMean() / 1e3);
        }
        return p;
    }
}

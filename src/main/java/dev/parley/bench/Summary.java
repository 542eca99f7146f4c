package dev.parley.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One human-readable line per result, printed as each scenario ends. */
final class Summary {
    private Summary() {
    }

    static String line(Map<String, Object> r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-10s %-9s", r.get("server"), r.get("scenario")));
        if (!Boolean.TRUE.equals(r.get("ok"))) {
            b.append(" FAILED: ").append(r.get("failure")).append(' ');
        }
        if (r.containsKey("opsPerSec") && !"idle".equals(r.get("kind"))) {
            b.append(String.format(Locale.ROOT, " %,10.0f %s/s", num(r.get("opsPerSec")), r.get("unit")));
        }
        if (r.get("serverCpuUsPerOp") != null && !"idle".equals(r.get("kind"))) {
            b.append(String.format(Locale.ROOT, "  server %.2f µs/op (%.0f%% cpu)", num(r.get("serverCpuUsPerOp")),
                    num(r.get("serverCpuPct"))));
        }
        if (r.get("redisCpuUsPerOp") != null) {
            b.append(String.format(Locale.ROOT, "  redis %.2f µs/op (%.0f%% cpu)", num(r.get("redisCpuUsPerOp")),
                    num(r.get("redisCpuPct"))));
        }
        if (r.get("saidPerSec") != null) {
            b.append(String.format(Locale.ROOT, "  said %,.0f msg/s, %s acks, errors %s, order violations %s",
                    num(r.get("saidPerSec")), r.get("acks"), r.get("errorsByCode"), r.get("orderViolations")));
        }
        if ("chat".equals(r.get("kind")) && r.get("latencyUs") instanceof Map<?, ?> lat && lat.get("p50") != null) {
            b.append(String.format(Locale.ROOT, "  latency p50 %s p90 %s p99 %s max %s µs", us(lat.get("p50")),
                    us(lat.get("p90")), us(lat.get("p99")), us(lat.get("max"))));
        } else if (r.get("latencyUs") instanceof Map<?, ?> lat && lat.get("p50") != null) {
            b.append(String.format(Locale.ROOT, "  latency p50 %s p99 %s p99.9 %s µs", us(lat.get("p50")),
                    us(lat.get("p99")), us(lat.get("p999"))));
        }
        if (r.get("fanoutUs") instanceof Map<?, ?> fan && fan.get("p50") != null) {
            b.append(String.format(Locale.ROOT, "  fan-out p50 %s p99 %s µs", us(fan.get("p50")), us(fan.get("p99"))));
        }
        if ("scale".equals(r.get("kind")) && r.get("handshakesPerSec") != null) {
            b.append(String.format(Locale.ROOT, "  %s held, %,.0f handshakes/s", r.get("held"),
                    num(r.get("handshakesPerSec"))));
            if (r.get("handshakesPerSecPeak") != null) {
                b.append(String.format(Locale.ROOT, " (peak %,.0f)", num(r.get("handshakesPerSecPeak"))));
            }
            if (r.get("room") != null) { // --room: the message came from elsewhere; its send time is not ours
                b.append(String.format(Locale.ROOT, ", room message delivered %s, %s missing", r.get("delivered"),
                        r.get("missing")));
            } else {
                b.append(String.format(Locale.ROOT, ", broadcast to last %s ms, %s missing",
                        ms(r.get("lastDeliveryMs")), r.get("missing")));
            }
            if (r.get("clientRssPerConnKb") != null) {
                b.append(String.format(Locale.ROOT, ", client RSS %.1f KB/conn", num(r.get("clientRssPerConnKb"))));
            }
        }
        if (r.get("rssPerConnKb") != null) {
            b.append(String.format(Locale.ROOT, "  %d alive, RSS %.1f KB/conn", r.get("alive"),
                    num(r.get("rssPerConnKb"))));
            if (r.get("heapPerConnKb") != null) {
                b.append(String.format(Locale.ROOT, ", heap %.1f KB/conn", num(r.get("heapPerConnKb"))));
            }
        }
        if (Boolean.TRUE.equals(r.get("deflate"))) {
            b.append(String.format(Locale.ROOT, "  deflate wire %s B/msg out, %s B/delivery in",
                    r.get("wireBytesPerMessageOut") == null ? "-" : String.format(Locale.ROOT, "%.1f",
                            num(r.get("wireBytesPerMessageOut"))),
                    r.get("wireBytesPerDeliveryIn") == null ? "-" : String.format(Locale.ROOT, "%.1f",
                            num(r.get("wireBytesPerDeliveryIn")))));
        }
        if (r.get("wireBytesPerMessageDelivery") != null) { // chat: the message frames alone
            b.append(String.format(Locale.ROOT, "  %.1f wire B/message delivery (%.1f B inflated)",
                    num(r.get("wireBytesPerMessageDelivery")), num(r.get("payloadBytesPerMessageDelivery"))));
        }
        if (r.get("clientCpuPct") != null) {
            b.append(String.format(Locale.ROOT, "  client %.0f%% foreign %.0f%%", num(r.get("clientCpuPct")),
                    num(r.get("foreignCpuPct"))));
        }
        if (r.get("flags") instanceof List<?> flags && !flags.isEmpty()) {
            b.append("  ").append(flags);
        }
        Object errors = r.get("errors");
        if (errors instanceof Number n && n.longValue() > 0) {
            b.append("  errors ").append(n).append(" (").append(r.get("lastError")).append(')');
        }
        return b.toString();
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static String ms(Object o) {
        return o instanceof Number ? String.format(Locale.ROOT, "%,.1f", num(o)) : "-";
    }

    private static String us(Object o) {
        double v = num(o);
        return v >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}

package dev.parley.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.parley.json.JsonObject;

/** The outcome of a soak: what the clients counted, what the attacks met, the heap series; as text and as JSON. */
record SoakReport(SoakPlan plan, Duration duration, double elapsedSeconds, Tally tally, int unsettled, int unchecked,
                  int sourceAddresses, Map<String, Map<String, Long>> attacks, long heapBeforeBytes,
                  List<HeapSample> heap, long heapAfterBytes, HeapProbe.Verdict verdict, String loadBefore,
                  String loadAfter) {

    /** The server's heap after a full GC, {@code seconds} into the run. */
    record HeapSample(long seconds, long usedBytes) {
    }

    /** Something was said and acknowledged, and no message was lost, duplicated, out of order or unexpected. */
    boolean sequenceOk() {
        return tally.failures() == 0 && tally.saysAcked > 0;
    }

    /** Heap stable, or not measured. */
    boolean heapOk() {
        return verdict == null || verdict.stable();
    }

    boolean ok() {
        return sequenceOk() && heapOk();
    }

    String summary() {
        Tally t = tally;
        double seconds = duration.toNanos() / 1e9;
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "soak: %d clients from %d addresses, %d rooms (%d each), %.0f s of load "
                        + "(%.0f s in all)", plan.clients(), sourceAddresses, plan.rooms(), plan.roomsPerClient(),
                seconds, elapsedSeconds));
        lines.add(String.format(Locale.ROOT, "  said %,d (%,d acknowledged, %.0f/s); received %,d live (%,.0f/s) and "
                        + "%,d from history in %,d pages", t.says, t.saysAcked, t.saysAcked / seconds, t.liveMessages,
                t.liveMessages / seconds, t.historyMessages, t.historyPages));
        lines.add(String.format(Locale.ROOT, "  connects %,d (failed %,d), joins %,d, leaves %,d, resumes %,d "
                        + "(abandoned %,d), final checks %,d; %d clients not settled, %d not checked at the end",
                t.connects, t.connectFailures, t.joins, t.leaves, t.resumes, t.resumesAbandoned, t.finalChecks,
                unsettled, unchecked));
        lines.add(String.format(Locale.ROOT, "  LOST %d, DUPLICATED %d, OUT OF ORDER %d, unexpected %d, own lost %d, "
                        + "own mismatched %d; history dropped %d, room resets %d", t.lost, t.duplicated,
                t.outOfOrder, t.unexpected, t.ownLost, t.ownMismatch, t.historyDropped, t.roomResets));
        lines.add("  errors received: " + t.errors);
        lines.add("  connections ended: " + t.closes);
        attacks.forEach((name, counts) -> lines.add("  attack " + name + ": " + counts));
        if (verdict != null) {
            StringBuilder series = new StringBuilder();
            for (HeapSample s : heap) {
                series.append(String.format(Locale.ROOT, " %ds:%.1f", s.seconds(), mib(s.usedBytes())));
            }
            lines.add(String.format(Locale.ROOT, "  heap after GC (MiB): before %.1f,%s, after %.1f", mib(heapBeforeBytes),
                    series, mib(heapAfterBytes)));
            lines.add(String.format(Locale.ROOT, "  heap %s: median of the last third %.1f MiB vs median of the "
                            + "middle third %.1f MiB (margin %.0f%% + %.0f MiB)", verdict.stable() ? "STABLE"
                            : "NOT STABLE", mib(verdict.lateBytes()), mib(verdict.earlyBytes()),
                    verdict.marginPercent(), mib(verdict.slackBytes())));
        }
        lines.add("  load average: before " + loadBefore + ", after " + loadAfter);
        lines.add(ok() ? "soak: OK" : "soak: FAILED" + (sequenceOk() ? "" : " (sequence)") + (heapOk() ? ""
                : " (heap)"));
        return String.join("\n", lines);
    }

    String json() {
        Tally t = tally;
        JsonObject errors = new JsonObject();
        t.errors.forEach(errors::put);
        JsonObject closes = new JsonObject();
        t.closes.forEach(closes::put);
        JsonObject attackJson = new JsonObject();
        attacks.forEach((name, counts) -> {
            JsonObject a = new JsonObject();
            counts.forEach(a::put);
            attackJson.put(name, a);
        });
        List<JsonObject> series = new ArrayList<>();
        heap.forEach(s -> series.add(new JsonObject().put("s", s.seconds()).put("usedBytes", s.usedBytes())));
        JsonObject json = new JsonObject().put("soak", ok() ? "ok" : "failed")
                .put("clients", plan.clients()).put("rooms", plan.rooms()).put("roomsPerClient", plan.roomsPerClient())
                .put("sourceAddresses", sourceAddresses).put("durationS", duration.toSeconds())
                .put("lost", t.lost).put("duplicated", t.duplicated).put("outOfOrder", t.outOfOrder)
                .put("unexpected", t.unexpected).put("ownLost", t.ownLost).put("ownMismatch", t.ownMismatch)
                .put("says", t.says).put("saysAcked", t.saysAcked).put("liveMessages", t.liveMessages)
                .put("historyMessages", t.historyMessages).put("historyPages", t.historyPages)
                .put("historyDropped", t.historyDropped).put("roomResets", t.roomResets)
                .put("connects", t.connects).put("connectFailures", t.connectFailures).put("joins", t.joins)
                .put("leaves", t.leaves).put("resumes", t.resumes).put("resumesAbandoned", t.resumesAbandoned)
                .put("finalChecks", t.finalChecks).put("unsettled", unsettled).put("unchecked", unchecked)
                .put("errors", errors).put("closes", closes).put("attacks", attackJson)
                .put("heapBeforeBytes", heapBeforeBytes).putObjects("heap", series)
                .put("heapAfterBytes", heapAfterBytes);
        if (verdict != null) {
            json.put("heapStable", verdict.stable()).put("heapEarlyBytes", verdict.earlyBytes())
                    .put("heapLateBytes", verdict.lateBytes()).put("heapMarginPercent", (long) verdict.marginPercent())
                    .put("heapSlackBytes", verdict.slackBytes());
        }
        return json.put("loadBefore", loadBefore).put("loadAfter", loadAfter).toString();
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }
}

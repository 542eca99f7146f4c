package dev.parley.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import dev.parley.json.JsonText;

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
        JsonObjectBuilder errors = JsonText.object();
        t.errors.forEach(errors::add);
        JsonObjectBuilder closes = JsonText.object();
        t.closes.forEach(closes::add);
        JsonObjectBuilder attackJson = JsonText.object();
        attacks.forEach((name, counts) -> {
            JsonObjectBuilder a = JsonText.object();
            counts.forEach(a::add);
            attackJson.add(name, a);
        });
        JsonArrayBuilder series = JsonText.array();
        heap.forEach(s -> series.add(JsonText.object().add("s", s.seconds()).add("usedBytes", s.usedBytes())));
        JsonObjectBuilder json = JsonText.object().add("soak", ok() ? "ok" : "failed")
                .add("clients", plan.clients()).add("rooms", plan.rooms()).add("roomsPerClient", plan.roomsPerClient())
                .add("sourceAddresses", sourceAddresses).add("durationS", duration.toSeconds())
                .add("lost", t.lost).add("duplicated", t.duplicated).add("outOfOrder", t.outOfOrder)
                .add("unexpected", t.unexpected).add("ownLost", t.ownLost).add("ownMismatch", t.ownMismatch)
                .add("says", t.says).add("saysAcked", t.saysAcked).add("liveMessages", t.liveMessages)
                .add("historyMessages", t.historyMessages).add("historyPages", t.historyPages)
                .add("historyDropped", t.historyDropped).add("roomResets", t.roomResets)
                .add("connects", t.connects).add("connectFailures", t.connectFailures).add("joins", t.joins)
                .add("leaves", t.leaves).add("resumes", t.resumes).add("resumesAbandoned", t.resumesAbandoned)
                .add("finalChecks", t.finalChecks).add("unsettled", unsettled).add("unchecked", unchecked)
                .add("errors", errors).add("closes", closes).add("attacks", attackJson)
                .add("heapBeforeBytes", heapBeforeBytes).add("heap", series)
                .add("heapAfterBytes", heapAfterBytes);
        if (verdict != null) {
            json.add("heapStable", verdict.stable()).add("heapEarlyBytes", verdict.earlyBytes())
                    .add("heapLateBytes", verdict.lateBytes()).add("heapMarginPercent", (long) verdict.marginPercent())
                    .add("heapSlackBytes", verdict.slackBytes());
        }
        return JsonText.write(json.add("loadBefore", JsonText.string(loadBefore))
                .add("loadAfter", JsonText.string(loadAfter)));
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }
}

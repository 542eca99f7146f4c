package dev.parley.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the scale workload adds to its result line: how fast the connections opened, how many were still held when
 * the broadcasts went, each broadcast's time to its last delivery and its missing copies, and what the connections
 * cost the server and this process.
 *
 * @param connections  connections opened
 * @param sources      source addresses they came from (1: the kernel's choice)
 * @param openNanos    from the first connect to the last handshake's end
 * @param peakPerSec   the most handshakes that ended in one whole second of that, or 0 if it took less than one
 * @param held         connections still open when the first broadcast went
 * @param broadcasts   each broadcast, in order
 * @param missing      copies that did not arrive, over all broadcasts
 * @param serverBefore the server's memory before the first connect ({@code -1}: unknown)
 * @param serverAfter  the server's memory after the hold
 * @param clientBefore this process's memory before the first connect (heap after a full GC)
 * @param clientAfter  this process's memory after the hold
 */
record ScaleFigures(int connections, int sources, long openNanos, int peakPerSec, int held, List<Broadcast> broadcasts,
                    long missing, ServerMemory serverBefore, ServerMemory serverAfter, ServerMemory clientBefore,
                    ServerMemory clientAfter) implements RunResult.Extra {

    /**
     * One broadcast.
     *
     * @param delivered connections that got it
     * @param missing   connections that did not
     * @param lastMs    from its send to the last delivery, in ms (NaN: none arrived)
     */
    record Broadcast(int delivered, int missing, double lastMs) {
    }

    @Override
    public void last(Map<String, Object> r) {
        double seconds = openNanos / 1e9;
        r.put("sourceAddresses", sources);
        r.put("openSeconds", seconds);
        r.put("handshakesPerSec", connections / seconds);
        r.put("handshakesPerSecPeak", peakPerSec > 0 ? peakPerSec : null);
        r.put("held", held);
        r.put("alive", held);
        r.put("lastDeliveryMs", broadcasts.isEmpty() ? null : broadcasts.get(0).lastMs());
        List<Object> each = new ArrayList<>();
        for (Broadcast b : broadcasts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("delivered", b.delivered());
            m.put("missing", b.missing());
            m.put("lastDeliveryMs", b.lastMs());
            each.add(m);
        }
        r.put("perBroadcast", each);
        r.put("missing", missing);
        perConnection(r, "rss", serverBefore.rssKb(), serverAfter.rssKb());
        perConnection(r, "heap", serverBefore.heapKb(), serverAfter.heapKb());
        perConnection(r, "clientRss", clientBefore.rssKb(), clientAfter.rssKb());
        perConnection(r, "clientHeap", clientBefore.heapKb(), clientAfter.heapKb());
    }

    /** {@code <name>BeforeKb}, {@code <name>AfterKb} and {@code <name>PerConnKb}; null where unknown. */
    private void perConnection(Map<String, Object> r, String name, long before, long after) {
        r.put(name + "BeforeKb", before >= 0 ? before : null);
        r.put(name + "AfterKb", after >= 0 ? after : null);
        r.put(name + "PerConnKb", before >= 0 && after >= 0 ? (after - before) / (double) connections : null);
    }
}

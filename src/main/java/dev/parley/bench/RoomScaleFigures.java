package dev.parley.bench;

import java.util.Map;

/**
 * What one bench process of a scale run in a chat room ({@link RoomScaleLoad}) adds to its result line. The times of
 * delivery are wall-clock (µs since the epoch, a whole number: the JSON writer rounds fractions), so that a script can take the last one over every bench
 * process of the run and subtract the time it sent the message.
 *
 * @param room         the room joined
 * @param connections  connections opened
 * @param sources      source addresses they came from (1: the kernel's choice)
 * @param openNanos    from the first connect to the last handshake's end
 * @param peakPerSec   the most handshakes that ended in one whole second of that, or 0 if it took less than one
 * @param joinNanos    from the first connect to the last join's answer
 * @param held         connections still open at the end of the wait
 * @param delivered    connections that got the message
 * @param missing      connections that did not
 * @param firstEpochUs the first delivery (-1: none)
 * @param lastEpochUs  the last delivery (-1: none)
 * @param clientBefore this process's memory before the first connect (heap after a full GC)
 * @param clientAfter  this process's memory once all had joined
 */
record RoomScaleFigures(String room, int connections, int sources, long openNanos, int peakPerSec, long joinNanos,
                        int held, int delivered, int missing, long firstEpochUs, long lastEpochUs,
                        ServerMemory clientBefore, ServerMemory clientAfter) implements RunResult.Extra {

    @Override
    public void last(Map<String, Object> r) {
        double seconds = openNanos / 1e9;
        r.put("room", room);
        r.put("sourceAddresses", sources);
        r.put("openSeconds", seconds);
        r.put("handshakesPerSec", connections / seconds);
        r.put("handshakesPerSecPeak", peakPerSec > 0 ? peakPerSec : null);
        r.put("joinSeconds", joinNanos / 1e9);
        r.put("held", held);
        r.put("delivered", delivered);
        r.put("missing", missing);
        r.put("firstDeliveryEpochUs", firstEpochUs >= 0 ? firstEpochUs : null);
        r.put("lastDeliveryEpochUs", lastEpochUs >= 0 ? lastEpochUs : null);
        r.put("clientRssBeforeKb", clientBefore.rssKb());
        r.put("clientRssAfterKb", clientAfter.rssKb());
        r.put("clientRssPerConnKb", (clientAfter.rssKb() - clientBefore.rssKb()) / (double) connections);
        r.put("clientHeapPerConnKb", (clientAfter.heapKb() - clientBefore.heapKb()) / (double) connections);
    }
}

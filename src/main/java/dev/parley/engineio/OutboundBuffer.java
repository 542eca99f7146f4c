package dev.parley.engineio;

import java.util.ArrayList;
import java.util.List;

/**
 * The packets a polling session holds until its client's next GET, within a bound on their count and on their
 * bytes together ({@link EngineConfig#maxBufferedPackets()}, {@link EngineConfig#maxBufferedBytes()}). Not
 * thread-safe: its session's lock guards it.
 */
final class OutboundBuffer {
    private final int maxPackets;
    private final long maxBytes;
    private final List<Packet> packets = new ArrayList<>();
    private long bytes;

    OutboundBuffer(int maxPackets, long maxBytes) {
        this.maxPackets = maxPackets;
        this.maxBytes = maxBytes;
    }

    /** Adds all of {@code more}, or none of them when they would not fit (false). */
    boolean add(List<Packet> more) {
        long size = 0;
        for (Packet packet : more) {
            size += packet.size();
        }
        if (packets.size() + more.size() > maxPackets || bytes + size > maxBytes) {
            return false;
        }
        packets.addAll(more);
        bytes += size;
        return true;
    }

    boolean isEmpty() {
        return packets.isEmpty();
    }

    /** Everything held, in order; the buffer is then empty. */
    List<Packet> drain() {
        List<Packet> all = List.copyOf(packets);
        packets.clear();
        bytes = 0;
        return all;
    }
}

package dev.parley.engineio;

import java.util.ArrayList;
import java.util.List;

import dev.parley.session.MemoryBudget;

/**
 * The packets a polling session holds until its client's next GET, within a bound on their count and on their
 * bytes together ({@link EngineConfig#maxBufferedPackets()}, {@link EngineConfig#maxBufferedBytes()}), and charged to
 * the server's outbound {@link MemoryBudget} (the one the WebSocket outbound queues share) through its own share, so
 * that all sessions' buffers together stay within it. Not thread-safe: its session's lock guards it.
 */
final class OutboundBuffer {
    /** What a packet takes on the heap besides its data: the record, its list slot, the String's or array's header. */
    static final int PACKET_OVERHEAD_BYTES = 64;

    /** What {@link #add} did. */
    enum Result {
        ADDED,
        /** Over the session's own bound: nothing added. */
        FULL,
        /** The server's budget had no room for them: nothing added. */
        OVER_BUDGET
    }

    private final int maxPackets;
    private final long maxBytes;
    private final MemoryBudget.Share share;
    private final List<Packet> packets = new ArrayList<>();
    private long bytes;
    private long heapBytes;

    /** @param share this buffer's part of the server's outbound budget; {@link #close} gives it back */
    OutboundBuffer(int maxPackets, long maxBytes, MemoryBudget.Share share) {
        this.maxPackets = maxPackets;
        this.maxBytes = maxBytes;
        this.share = share;
    }

    /** Adds all of {@code more}, or none of them when they would pass the session's bound or the server's budget. */
    Result add(List<Packet> more) {
        long size = 0;
        for (Packet packet : more) {
            size += packet.size();
        }
        long heap = heapBytes(more);
        if (packets.size() + more.size() > maxPackets || bytes + size > maxBytes) {
            return Result.FULL;
        }
        if (!share.add(heap)) {
            return Result.OVER_BUDGET;
        }
        packets.addAll(more);
        bytes += size;
        heapBytes += heap;
        return Result.ADDED;
    }

    /** Bytes of the packets waiting (their encoded sizes). */
    long bytes() {
        return bytes;
    }

    /** Packets waiting. */
    int size() {
        return packets.size();
    }

    boolean isEmpty() {
        return packets.isEmpty();
    }

    /** Everything held, in order; the buffer is then empty, its part of the budget given back. */
    List<Packet> drain() {
        List<Packet> all = List.copyOf(packets);
        packets.clear();
        bytes = 0;
        heapBytes = 0;
        share.resize(0);
        return all;
    }

    /** This buffer's part of the server's outbound budget. */
    MemoryBudget.Share share() {
        return share;
    }

    /** What the buffer holds now, as charged to the budget (its heap bytes, estimated). */
    long heapBytes() {
        return heapBytes;
    }

    /** The session is gone: what is left is dropped and its part of the budget given back for good. */
    void close() {
        packets.clear();
        bytes = 0;
        heapBytes = 0;
        share.close();
    }

    /**
     * What {@code packet} is charged: its data as the heap holds it at most (a text at 2 bytes a character, as the
     * outbound queues count it; bytes as they are) plus {@link #PACKET_OVERHEAD_BYTES}.
     */
    static long heapBytes(Packet packet) {
        return PACKET_OVERHEAD_BYTES + (packet.isBinary() ? packet.binary().length : 2L * packet.text().length());
    }

    /** What {@code packets} are charged together. */
    static long heapBytes(List<Packet> packets) {
        long bytes = 0;
        for (Packet packet : packets) {
            bytes += heapBytes(packet);
        }
        return bytes;
    }
}

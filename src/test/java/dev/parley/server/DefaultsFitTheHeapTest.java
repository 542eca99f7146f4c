package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.parley.chat.RoomLimits;
import dev.parley.session.Limits;
import dev.parley.session.MemoryBudget;

/**
 * The worst case of docs/limits.md ("Worst case, in one formula"), worked out from the defaults the code derives
 * for a heap, stays within that heap: safe by default means whatever clients do with the default settings fits.
 *
 * <pre>heap <= B + C x 40 KiB + 2 x (I + O) + min(H, R x h) + R x 1 KiB + C x (1 KiB + 100 x 512 B)</pre>
 */
class DefaultsFitTheHeapTest {
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    /** The server at rest and what Grizzly and Tyrus keep pooled (docs/limits.md: about 9 MiB). */
    private static final long BASE = 9 * MIB;
    /** One WebSocket outside the budgets (docs/limits.md, measured 26 KiB idle + 3 x 4 KiB allowances). */
    private static final long PER_CONNECTION = 40 * KIB;
    /** One /chat session in the most rooms it may join (1 KiB + 100 x 512 B). */
    private static final long PER_CHAT_SESSION = KIB + 100 * 512;
    private static final long PER_ROOM = KIB;
    /** The descriptor limit the docs' table assumes; the heap, not descriptors, decides below 5 GiB. */
    private static final long DESCRIPTORS = 1 << 20;

    @ParameterizedTest(name = "-Xmx{0}m")
    @ValueSource(longs = {64, 128, 256, 512, 1024, 4096, 8192})
    void theWorstCaseWithDefaultSettingsFitsTheHeap(long heapMegabytes) {
        long heap = heapMegabytes * MIB;
        long connections = HttpLimits.defaultMaxConnections(DESCRIPTORS, heap);
        long floor = 4L * Limits.DEFAULTS.maxMessageBytes();
        long inbound = MemoryBudget.derived(0, heap, floor);
        long outbound = MemoryBudget.derived(0, heap, floor);
        long roomHistory = RoomLimits.DEFAULTS.historyBytes();
        long history = RoomLimits.derivedHistoryTotal(heap, roomHistory);
        long rooms = RoomLimits.derivedMaxRooms(heap);

        long worst = BASE + connections * PER_CONNECTION + 2 * (inbound + outbound)
                + Math.min(history, rooms * roomHistory) + rooms * PER_ROOM + connections * PER_CHAT_SESSION;

        assertTrue(worst <= heap, "worst case " + worst / MIB + " MiB with " + connections + " connections, budgets "
                + inbound / MIB + " + " + outbound / MIB + " MiB, " + history / MIB + " MiB of history in " + rooms
                + " rooms: over the " + heapMegabytes + " MiB heap");
    }
}

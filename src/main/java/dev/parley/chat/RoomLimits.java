package dev.parley.chat;

import java.time.Duration;

import dev.parley.settings.Setting;
import dev.parley.settings.Settings;

/**
 * What the chat's rooms may hold together, whatever clients do (docs/limits.md, "Chat memory").
 *
 * @param historyBytes       history one room keeps, in estimated heap bytes ({@link ChatMessage#heapBytes()}); the
 *                           room's oldest messages go first
 * @param historyTotalBytes  history all rooms keep together; when over, the largest room's oldest messages go first
 * @param maxRooms           rooms the server holds; a join that would create one more is refused ({@code server_full})
 * @param newRoomsPerMinute  rooms one remote address may create per minute, as many at once; more are refused
 *                           ({@code too_many_new_rooms})
 * @param idleTimeout        how long a room with no members is kept after its last message or member left; a room
 *                           with no members and no history goes at once
 */
public record RoomLimits(long historyBytes, long historyTotalBytes, int maxRooms, int newRoomsPerMinute,
                         Duration idleTimeout) {

    /** The defaults {@link Setting} declares; the total and the room cap derived from the heap. */
    public static final RoomLimits DEFAULTS = from(Settings.defaults());

    /** The room cap when no heap figure says less. */
    static final int MAX_ROOMS = 10_000;

    /** What {@code settings} say the rooms may hold. */
    public static RoomLimits from(Settings settings) {
        return new RoomLimits(settings.whole(Setting.HISTORY_BYTES), settings.whole(Setting.HISTORY_TOTAL_BYTES),
                settings.integer(Setting.MAX_ROOMS), settings.integer(Setting.NEW_ROOMS_PER_ADDRESS),
                settings.millis(Setting.ROOM_IDLE_TIMEOUT));
    }

    /**
     * A {@code historyTotalBytes} of 0 is a sixteenth of the max heap (at least one room's {@code historyBytes}); a
     * {@code maxRooms} of 0 is one room per 64 KiB of max heap, at most {@value #MAX_ROOMS} and at least 100: so the
     * chat's part of the worst case (docs/limits.md) grows with the heap it has.
     */
    public RoomLimits {
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (historyTotalBytes == 0) {
            historyTotalBytes = derivedHistoryTotal(maxHeap, historyBytes);
        }
        if (maxRooms == 0) {
            maxRooms = derivedMaxRooms(maxHeap);
        }
        if (historyBytes < 1 || maxRooms < 1 || newRoomsPerMinute < 1) {
            throw new IllegalArgumentException("room limits must be positive");
        }
        if (historyTotalBytes < historyBytes) {
            throw new IllegalArgumentException("the total history budget (" + historyTotalBytes
                    + " bytes) must be at least one room's (" + historyBytes + ")");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the room idle timeout must be positive");
        }
    }

    /** The history total a setting of 0 stands for on a heap of {@code maxHeapBytes}. */
    public static long derivedHistoryTotal(long maxHeapBytes, long historyBytes) {
        return Math.max(historyBytes, maxHeapBytes / 16);
    }

    /** The room cap a setting of 0 stands for on a heap of {@code maxHeapBytes}. */
    public static int derivedMaxRooms(long maxHeapBytes) {
        return (int) Math.max(100, Math.min(MAX_ROOMS, maxHeapBytes / (64 * 1024)));
    }
}

package dev.parley.chat;

import java.time.Duration;

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

    public static final RoomLimits DEFAULTS = new RoomLimits(1L << 20, 64L << 20, 10_000, 60,
            Duration.ofMinutes(10));

    public RoomLimits {
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
}

package dev.parley.soak;

import java.util.concurrent.TimeUnit;

/**
 * What the soak's clients do, in numbers. Each interval is the mean of an exponential distribution, per client.
 *
 * @param clients chat clients, each with its own connection and user name ({@code soak0}, {@code soak1}, ...)
 * @param rooms rooms the clients pick from ({@code soak-0} ... {@code soak-N-1})
 * @param roomsPerClient rooms each client is in at a time
 * @param sayIntervalNanos mean time between two says of one client
 * @param churnIntervalNanos mean time between a client leaving one room for another
 * @param dropIntervalNanos mean time between a client dropping its connection (clean close or reset) and resuming
 * @param textBytes length of each said text
 * @param historyLimit the {@code limit} of the resumes' history requests
 * @param seed makes the clients' choices repeatable
 * @param resetDrops whether a drop may be a TCP reset without a close frame
 * @param cleanDrops whether a drop may be a close frame (1000) and a FIN
 */
record SoakPlan(int clients, int rooms, int roomsPerClient, long sayIntervalNanos, long churnIntervalNanos,
                long dropIntervalNanos, int textBytes, int historyLimit, long seed, boolean resetDrops,
                boolean cleanDrops) {

    SoakPlan {
        if (clients < 1 || rooms < 1 || roomsPerClient < 1 || textBytes < 16 || historyLimit < 1) {
            throw new IllegalArgumentException("clients, rooms and rooms per client must be at least 1, text bytes "
                    + "at least 16, the history limit at least 1");
        }
        if (sayIntervalNanos <= 0 || churnIntervalNanos <= 0 || dropIntervalNanos <= 0) {
            throw new IllegalArgumentException("intervals must be positive");
        }
        if (!resetDrops && !cleanDrops) {
            throw new IllegalArgumentException("drops must be resets, clean closes or both");
        }
    }

    static long seconds(double s) {
        return (long) (s * TimeUnit.SECONDS.toNanos(1));
    }

    String room(int i) {
        return "soak-" + i;
    }
}

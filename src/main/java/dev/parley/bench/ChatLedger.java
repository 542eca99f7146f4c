package dev.parley.bench;

import java.util.Arrays;

/**
 * The deliveries a chat run is still owed: message {@code n} (its sequence, 0, 1, 2...) owes one to each member of its
 * room from when it is said until they arrive, or until its say fails. Sans-I/O.
 */
final class ChatLedger {
    private int[] due = new int[4096];
    private long said;
    private long total;

    /** A message to a room of {@code members} is said: returns its sequence. */
    long said(int members) {
        long n = said++;
        if (n >= due.length) {
            due = Arrays.copyOf(due, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(due.length * 2L, n + 1)));
        }
        due[(int) n] = members;
        total += members;
        return n;
    }

    /** Message {@code n} arrived at one member; false if nobody said it or it owed no more deliveries. */
    boolean delivered(long n) {
        if (n < 0 || n >= said || due[(int) n] <= 0) {
            return false;
        }
        due[(int) n]--;
        total--;
        return true;
    }

    /** Message {@code n}'s say failed: it owes nothing any more. */
    void cancel(long n) {
        if (n >= 0 && n < said) {
            total -= due[(int) n];
            due[(int) n] = 0;
        }
    }

    /** The next message's sequence: how many were said. */
    long said() {
        return said;
    }

    /** Deliveries owed in all. */
    long due() {
        return total;
    }
}

package dev.parley.attack;

import java.time.Duration;

/** Waiting for a line in an attacked server's log (some are written by a timer, a moment after the event). */
final class Logs {
    private Logs() {
    }

    /** Polls the log until it contains {@code text}; fails after {@code limit}, showing the log. */
    static void await(AttackedServer server, String text, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (!server.log().contains(text)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no '" + text + "' in the log within " + limit + ":\n" + server.log());
            }
            Thread.sleep(50); // the poll interval: nothing tells us when the line is written
        }
    }
}

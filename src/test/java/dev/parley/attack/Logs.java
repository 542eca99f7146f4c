package dev.parley.attack;

import java.time.Duration;

/**
 * Waiting for lines in an attacked server's log: every line is written by the server's {@code LogWriter} thread a
 * moment after it was logged (and some are logged by a timer, a moment after the event), so a client that has its
 * answer may read the log before the line is there.
 */
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

    /**
     * Polls the log until {@code text} occurs {@code n} times; fails after {@code limit}, showing the log. Returns the
     * log as read then (a count past {@code n} is the caller's to check).
     */
    static String awaitCount(AttackedServer server, String text, long n, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            String log = server.log();
            if (log.split(java.util.regex.Pattern.quote(text), -1).length - 1 >= n) {
                return log;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(n + " x '" + text + "' not in the log within " + limit + ":\n" + log);
            }
            Thread.sleep(50); // the poll interval: nothing tells us when the line is written
        }
    }

    /**
     * Polls the log until {@code n} of its lines pass {@code line}; fails after {@code limit}, showing the log. Returns
     * the log as read then (a count past {@code n} is the caller's to check).
     */
    static String awaitLines(AttackedServer server, java.util.function.Predicate<String> line, long n,
            Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            String log = server.log();
            if (log.lines().filter(line).count() >= n) {
                return log;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(n + " matching lines not in the log within " + limit + ":\n" + log);
            }
            Thread.sleep(50); // the poll interval: nothing tells us when the line is written
        }
    }
}

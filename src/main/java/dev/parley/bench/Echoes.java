package dev.parley.bench;

/**
 * Echo requests of one run (the echo, rate and idle workloads): the message, encoded once; each connection's send
 * times in order (an echo server answers in order); and how many answers are due.
 */
final class Echoes {
    private final Run run;
    private final byte[] frame;
    private long outstanding;

    Echoes(Run run, Driver driver) {
        this.run = run;
        this.frame = driver.textMessage(run.scenario().size());
    }

    /** Queues one message on {@code c}, timed from {@code at} (now, or when it was due). */
    void send(Conn c, long at) {
        c.sent.add(at);
        outstanding++;
        c.sendMessage(frame);
    }

    /** Whether an answer on {@code c} has a request to match; if not, that is an error. */
    boolean expected(Conn c) {
        if (c.sent.size() == 0) {
            run.error("an answer to nothing sent");
            return false;
        }
        return true;
    }

    /** The send time of the request an answer on {@code c} belongs to (after {@link #expected}); one less due. */
    long answer(Conn c) {
        outstanding--;
        return c.sent.poll();
    }

    /** An answer on {@code c} at {@code now}: matched, then timed and counted if the window is open; false if unmatched. */
    boolean answered(Conn c, long now, long length) {
        if (!expected(c)) {
            return false;
        }
        long t = answer(c);
        if (run.measuring()) {
            run.window().answered(now - t, length);
        }
        return true;
    }

    /** {@code c} ended: an error if it was open, and its requests are no longer due. */
    void gone(Conn c, Conn.State was, String why) {
        if (was == Conn.State.OPEN) {
            run.error("connection lost: " + (why == null ? "closed by the server" : why));
            outstanding -= c.sent.size();
        }
    }

    long outstanding() {
        return outstanding;
    }
}

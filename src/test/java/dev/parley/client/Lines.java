package dev.parley.client;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A writer that hands each complete line to a queue, for reading a command's stdout or stderr while it runs.
 * Waits are bounded by {@link RecordingClient#WAIT}.
 */
public final class Lines extends Writer {
    private final StringBuilder partial = new StringBuilder();
    private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();

    /** A print writer into this. */
    public PrintWriter writer() {
        return new PrintWriter(this, true);
    }

    @Override
    public synchronized void write(char[] chars, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (chars[i] == '\n') {
                String line = partial.toString();
                partial.setLength(0);
                all.add(line);
                pending.add(line);
            } else if (chars[i] != '\r') {
                partial.append(chars[i]);
            }
        }
    }

    /** The next line not yet taken that matches {@code wanted}, skipping the others; fails after the wait. */
    public String await(Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + RecordingClient.WAIT.toNanos();
        for (long left = RecordingClient.WAIT.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            String line = pending.poll(left, TimeUnit.NANOSECONDS);
            if (line != null && wanted.test(line)) {
                return line;
            }
        }
        return fail("no such line within " + RecordingClient.WAIT + "; got " + all());
    }

    /** Every complete line so far. */
    public synchronized List<String> all() {
        return List.copyOf(all);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}

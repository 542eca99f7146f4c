package dev.parley;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * The log handler of {@code parley} in place of the JDK's {@code ConsoleHandler}: the thread that logs only formats
 * its line and queues it; one writer thread writes what has queued, in the order it was queued, to the stream in
 * one write and one flush per batch. {@code ConsoleHandler} wrote and flushed stderr under a lock for every line,
 * in the logging thread: with a line at every WebSocket open and close that was a system call per line on a
 * selector thread (docs/performance.md, "Handshake, round 2").
 *
 * <p>A line is written at most {@link #BATCH} after it was queued (the writer gathers lines for that long once it is
 * busy; an idle writer is woken by the first line). Nothing blocks the logging thread: if {@link #MAX_QUEUED} lines
 * wait (the stream is not being read), further lines are dropped and counted, and once the writer catches up it
 * writes one {@code event=log-lines-dropped count=N} line. {@link #close} (the JDK's logging reset at exit, after
 * {@code serve}'s shutdown has logged) and {@link #flush} write everything queued before they return.
 */
final class LogWriter extends Handler {
    /** Lines that may wait for the writer; more are dropped and counted. */
    static final int MAX_QUEUED = 10_000;
    /** How long the writer gathers lines before it writes them, once a line has come. */
    static final long BATCH = TimeUnit.MILLISECONDS.toNanos(10);

    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    /** Guards {@link #out}: the writer thread and {@link #flush} callers write in turn. */
    private final Object lock = new Object();
    private final Writer out;
    private final Thread writer;
    /** The writer has found nothing to write and parks until a line comes. */
    private volatile boolean idle;
    private volatile boolean closed;

    /** A handler writing to {@code stream} (not closed by {@link #close}: it is stderr), with the default charset. */
    LogWriter(OutputStream stream) {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, Charset.defaultCharset()), 16 * 1024);
        setFormatter(new LogLine());
        this.writer = new Thread(this::run, "parley-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String line;
        try {
            line = getFormatter().format(record);
        } catch (RuntimeException e) {
            reportError(null, e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.offer(line);
        if (closed) {
            drain(); // after close nobody else will write it
        } else if (idle) {
            idle = false;
            LockSupport.unpark(writer);
        }
    }

    /** Writes everything queued so far before returning. */
    @Override
    public void flush() {
        drain();
    }

    /** Writes everything queued, stops the writer thread; lines published later are written by their caller. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(writer);
        drain();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (!closed) {
            drain();
            LockSupport.parkNanos(this, BATCH); // let a batch gather
            if (queue.isEmpty() && !closed) {
                idle = true; // publish reads it after queueing: one of the two sees the other's write
                if (queue.isEmpty() && !closed) {
                    LockSupport.park(this);
                }
                idle = false;
            }
        }
        drain();
    }

    private void drain() {
        synchronized (lock) {
            try {
                boolean wrote = false;
                for (String line; (line = queue.poll()) != null; ) {
                    queued.decrementAndGet();
                    out.write(line);
                    wrote = true;
                }
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    out.write(droppedLine(lost));
                    wrote = true;
                }
                if (wrote) {
                    out.flush();
                }
            } catch (IOException | RuntimeException e) {
                reportError(null, e, ErrorManager.WRITE_FAILURE);
            }
        }
    }

    private String droppedLine(long lost) {
        LogRecord record = new LogRecord(Level.WARNING, "event=log-lines-dropped count=" + lost + " max_queued="
                + MAX_QUEUED);
        record.setLoggerName(LogWriter.class.getName());
        return getFormatter().format(record);
    }
}

package dev.parley;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class LogWriterTest {
    private static final Pattern LINE =
            Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d INFO test: event=open thread=(\\d+) n=(\\d+)");

    private static LogRecord record(String message) {
        LogRecord record = new LogRecord(Level.INFO, message);
        record.setLoggerName("test");
        return record;
    }

    private static List<String> lines(ByteArrayOutputStream out) {
        String text = out.toString(Charset.defaultCharset());
        assertTrue(text.isEmpty() || text.endsWith(System.lineSeparator()), "the last line is complete");
        return text.isEmpty() ? List.of() : List.of(text.split(System.lineSeparator()));
    }

    @Test
    void linesFromManyThreadsAreWrittenWholeOnceEachAndInEachThreadsOrder() throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogWriter writer = new LogWriter(out);
        int threads = 4;
        int each = 2_000; // all of them fit in the queue: none may be dropped
        List<Thread> loggers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            loggers.add(new Thread(() -> {
                for (int n = 0; n < each; n++) {
                    writer.publish(record("event=open thread=" + id + " n=" + n));
                }
            }));
        }
        loggers.forEach(Thread::start);
        for (Thread logger : loggers) {
            logger.join(TimeUnit.SECONDS.toMillis(30));
        }
        writer.close();

        List<String> lines = lines(out);
        assertEquals(threads * each, lines.size());
        int[] next = new int[threads];
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            assertTrue(m.matches(), line);
            int thread = Integer.parseInt(m.group(1));
            assertEquals(next[thread]++, Integer.parseInt(m.group(2)), "thread " + thread + "'s order");
        }
    }

    @Test
    void closeWritesEverythingQueued() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogWriter writer = new LogWriter(out);
        for (int n = 0; n < 500; n++) {
            writer.publish(record("event=open thread=0 n=" + n));
        }
        writer.close();
        assertEquals(500, lines(out).size());
        writer.publish(record("event=open thread=0 n=500")); // a line after the close is written by its caller
        assertEquals(501, lines(out).size());
    }

    @Test
    void flushWritesWhatIsQueued() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogWriter writer = new LogWriter(out);
        writer.publish(record("event=open thread=0 n=0"));
        writer.flush();
        assertEquals(1, lines(out).size());
        writer.close();
    }

    @Test
    void aStuckStreamNeverBlocksTheLoggerAndTheDroppedLinesAreCounted() throws InterruptedException {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writing.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }
        };
        LogWriter writer = new LogWriter(stuck);
        writer.publish(record("event=open thread=0 n=0"));
        assertTrue(writing.await(30, TimeUnit.SECONDS), "the writer thread is in the stream's write");

        // The writer is stuck: the queue fills up and the rest is dropped, without blocking this thread.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int n = 1; n <= LogWriter.MAX_QUEUED + 7; n++) {
                writer.publish(record("event=open thread=0 n=" + n));
            }
        });
        release.countDown();
        writer.close();

        List<String> lines = lines(out);
        assertEquals(1 + LogWriter.MAX_QUEUED + 1, lines.size());
        for (int n = 0; n <= LogWriter.MAX_QUEUED; n++) {
            Matcher m = LINE.matcher(lines.get(n));
            assertTrue(m.matches(), lines.get(n));
            assertEquals(n, Integer.parseInt(m.group(2)));
        }
        assertTrue(lines.get(lines.size() - 1).endsWith(
                "WARNING dev.parley.LogWriter: event=log-lines-dropped count=7 max_queued=" + LogWriter.MAX_QUEUED),
                lines.get(lines.size() - 1));
    }
}
